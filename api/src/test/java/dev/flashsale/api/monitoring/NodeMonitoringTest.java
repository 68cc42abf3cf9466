package dev.flashsale.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flashsale.api.support.ApiClient;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.NodeDatabase;
import dev.flashsale.api.support.SaleCatalogue;
import dev.flashsale.api.support.TcpRelay;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.webtest.TestTokens;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one whole app node tells its operators: the health components (and that a database outage leaves the node UP
 * while it keeps selling), and the Prometheus page. The node reaches its primary through a {@link TcpRelay}, so the
 * test can take the primary away from this node alone.
 */
class NodeMonitoringTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static NodeDatabase database;
    private static SaleCatalogue catalogue;
    private static TcpRelay primary;
    private static AppNode node;
    private static ApiClient client;

    @BeforeAll
    static void startNode() {
        database = NodeDatabase.create("node_monitoring");
        catalogue = new SaleCatalogue(database);
        primary = TcpRelay.to(TestDatabases.PRIMARY);
        int memberPort = AppNode.freePort();
        node = AppNode.start(
                "monitoring-test-" + UUID.randomUUID(),
                memberPort,
                List.of(memberPort),
                database,
                Map.of(
                        "inventory.db.primary-url",
                        "jdbc:mysql://127.0.0.1:" + primary.port() + "/"
                                + database.schema().name(),
                        "inventory.db.connection-timeout",
                        "1s",
                        "inventory.persistence.max-backoff",
                        "1s"));
        client = new ApiClient(node);
    }

    @AfterAll
    static void stopNode() throws SQLException {
        if (node != null) {
            node.close();
        }
        primary.close();
        catalogue.close();
        database.close();
    }

    @Test
    void staysUpAndSaysSoWhileThePrimaryIsDown() {
        long product = catalogue.product(100, 0);
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
            HttpResponse<String> health = client.get("/actuator/health", null);
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(field(health, "$.status")).isEqualTo("UP");
            assertThat(field(health, "$.components.grid.status")).isEqualTo("UP");
            assertThat(field(health, "$.components.primary.status")).isEqualTo("UP");
            assertThat(field(health, "$.components.replica.status")).isEqualTo("UP");
            assertThat(field(health, "$.components.replica.details.catalogueReads"))
                    .isEqualTo("replica");
            assertThat(JsonPath.<Integer>read(health.body(), "$.components.replica.details.secondsBehindMaster"))
                    .isNotNegative();
            assertThat(field(health, "$.components.persistence.status")).isEqualTo("UP");
            assertThat(JsonPath.<Integer>read(health.body(), "$.components.persistence.details.pending"))
                    .isZero();
        });
        assertThat(buy(product, "before-outage").statusCode()).isEqualTo(201);

        primary.cut();
        try {
            HttpResponse<String> soldDuringOutage = buy(product, "during-outage");
            assertThat(soldDuringOutage.statusCode())
                    .as(soldDuringOutage.body())
                    .isEqualTo(201);

            Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
                HttpResponse<String> health = client.get("/actuator/health", null);
                assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
                assertThat(field(health, "$.status")).isEqualTo("UP");
                assertThat(field(health, "$.components.grid.status")).isEqualTo("UP");
                assertThat(field(health, "$.components.primary.status")).isEqualTo("UNREACHABLE");
                assertThat(field(health, "$.components.primary.details.error")).isNotBlank();
                assertThat(field(health, "$.components.persistence.status")).isEqualTo("UP");
                assertThat(JsonPath.<Integer>read(health.body(), "$.components.persistence.details.pending"))
                        .isPositive();
            });
            assertThat(client.get("/actuator/health/primary", null).statusCode())
                    .isEqualTo(503);
        } finally {
            primary.restore();
        }

        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
            HttpResponse<String> health = client.get("/actuator/health", null);
            assertThat(field(health, "$.components.primary.status")).isEqualTo("UP");
            assertThat(JsonPath.<Integer>read(health.body(), "$.components.persistence.details.pending"))
                    .isZero();
        });
    }

    @Test
    void exposesLatencyHistogramsPoolsMapsAndVirtualThreadsToPrometheus() {
        long product = catalogue.product(10, 0);
        assertThat(client.get("/api/products/" + product, null).statusCode()).isEqualTo(200);
        assertThat(buy(product, "prometheus").statusCode()).isEqualTo(201);

        HttpResponse<String> page = client.get("/actuator/prometheus", null);

        assertThat(page.statusCode()).isEqualTo(200);
        List<String> lines = page.body().lines().toList();
        assertThat(lines)
                .as("latency buckets of a product view, by route template, with the SLO bounds (25 ms is one)")
                .anyMatch(line -> line.startsWith("http_server_requests_seconds_bucket{")
                        && line.contains("method=\"GET\"")
                        && line.contains("uri=\"/api/products/{id}\"")
                        && line.contains("le=\"0.025\""));
        assertThat(lines)
                .as("latency buckets of a purchase")
                .anyMatch(line -> line.startsWith("http_server_requests_seconds_bucket{")
                        && line.contains("method=\"POST\"")
                        && line.contains("uri=\"/api/orders\""));
        assertThat(page.body()).as("no raw ids in the uri tag").doesNotContain("uri=\"/api/products/" + product);
        assertThat(lines)
                .as("the primary's and the replica's pools")
                .anyMatch(line ->
                        line.startsWith("hikaricp_connections_active{") && line.contains("pool=\"inventory-primary\""))
                .anyMatch(line ->
                        line.startsWith("hikaricp_connections_max{") && line.contains("pool=\"inventory-replica\""));
        assertThat(lines)
                .as("the grid maps' statistics")
                .anyMatch(line -> line.startsWith("inventory_grid_map_entries{")
                        && line.contains("map=\"inventory.stock\"")
                        && line.contains("ownership=\"owned\"")
                        && value(line) >= 1)
                .anyMatch(line ->
                        line.startsWith("inventory_grid_map_entries{") && line.contains("map=\"inventory.orders\""))
                .anyMatch(line ->
                        line.startsWith("inventory_grid_map_entries{") && line.contains("map=\"inventory.ledgers\""))
                .anyMatch(line ->
                        line.startsWith("inventory_grid_map_entries{") && line.contains("map=\"inventory.requests\""))
                .anyMatch(line -> line.startsWith("inventory_grid_map_operations_seconds_count{")
                        && line.contains("map=\"inventory.stock\""));
        assertThat(lines)
                .as("the virtual threads")
                .anyMatch(line -> line.startsWith("jvm_threads_virtual_pinned_seconds_count"))
                .anyMatch(line -> line.startsWith("jvm_threads_virtual_live_threads{"));
        assertThat(lines).as("the write-behind").anyMatch(line -> line.startsWith("inventory_persistence_pending"));
        assertThat(lines)
                .as("no observations of Spring Security's own filters, authentications and authorizations (their cost"
                        + " is a fifth of a request's CPU)")
                .noneMatch(line -> line.startsWith("spring_security_"));
    }

    private static HttpResponse<String> buy(long product, String key) {
        return client.post(
                "/api/orders",
                ApiClient.bearer(TestTokens.buyer("monitoring-buyer")),
                key,
                "{\"productId\": " + product + ", \"quantity\": 1}");
    }

    private static String field(HttpResponse<String> response, String path) {
        return String.valueOf(JsonPath.<Object>read(response.body(), path));
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
