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
 * What one whole app node tells its operators: the health components, and that a database outage leaves the node UP
 * while it keeps selling. The node reaches its primary through a {@link TcpRelay}, so the
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
}
