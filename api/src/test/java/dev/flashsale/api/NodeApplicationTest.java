package dev.flashsale.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.NodeDatabase;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.persistence.grid.CatalogueAdmin;
import dev.flashsale.persistence.product.CreateProductOutcome;
import dev.flashsale.persistence.product.NewProduct;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A whole app node over real HTTP: the embedded member on a free loopback port, the web server on a random one. */
class NodeApplicationTest {

    private static final int MEMBER_PORT = AppNode.freePort();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static NodeDatabase database;
    private static AppNode node;
    private static GridInventory inventory;

    @BeforeAll
    static void startNode() {
        database = NodeDatabase.create("node_application");
        node = AppNode.start("api-test-" + UUID.randomUUID(), MEMBER_PORT, List.of(MEMBER_PORT), database, Map.of());
        inventory = node.bean(GridInventory.class);
    }

    @AfterAll
    static void stopNode() throws SQLException {
        if (node != null) {
            node.close();
        }
        database.close();
    }

    @Test
    void answersAProductsAvailabilityFromTheGrid() {
        CreateProductOutcome created = node.bean(CatalogueAdmin.class)
                .create(NewProduct.of("NODE-" + UUID.randomUUID(), "Node test product", BigDecimal.TEN, 30));
        long productId = ((CreateProductOutcome.Created) created).product().id();
        inventory.buy(productId, "alice", 5, OpId.random());

        HttpResponse<String> response = get("/api/products/" + productId);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(JsonPath.<Number>read(response.body(), "$.id").longValue()).isEqualTo(productId);
        assertThat(JsonPath.<Number>read(response.body(), "$.available").longValue())
                .isEqualTo(25);
    }

    @Test
    void answersNotFoundAsAProblemForAnUnknownProduct() {
        HttpResponse<String> response = get("/api/products/987654321");

        assertThat(response.statusCode()).isEqualTo(404);
        assertProblem(response, "urn:flash-sale:problem:product-not-found", 404);
        assertThat(JsonPath.<String>read(response.body(), "$.detail")).contains("987654321");
        assertThat(JsonPath.<String>read(response.body(), "$.instance")).isEqualTo("/api/products/987654321");
    }

    @Test
    void answersBadRequestAsAProblemForAnIdThatIsNotAPositiveInteger() {
        for (String id : new String[] {"abc", "0", "-3", "+5", "1.5", "99999999999999999999"}) {
            HttpResponse<String> response = get("/api/products/" + id);

            assertThat(response.statusCode()).as(id).isEqualTo(400);
            assertProblem(response, "urn:flash-sale:problem:invalid-request", 400);
        }
    }

    @Test
    void reportsTheGridInHealth() {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(response.body(), "$.components.grid.status"))
                .isEqualTo("UP");
        assertThat(JsonPath.<Integer>read(response.body(), "$.components.grid.details.clusterSize"))
                .isEqualTo(1);
        assertThat(JsonPath.<Boolean>read(response.body(), "$.components.grid.details.clusterSafe"))
                .isTrue();
        assertThat(JsonPath.<String>read(response.body(), "$.components.grid.details.member"))
                .isEqualTo("[127.0.0.1]:" + MEMBER_PORT);
    }

    @Test
    void exposesMetricsForPrometheus() {
        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains("jvm_threads_live_threads");
    }

    @Test
    void reportsThePendingWritesAsTheContractSays() {
        // A gauge whose state was collected reads NaN: collect first.
        System.gc();
        HttpResponse<String> response = get("/actuator/metrics/inventory.persistence.pending");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Number>read(response.body(), "$.measurements[0].value")
                        .doubleValue())
                .isZero();
    }

    @Test
    void publishesTheOpenApiDocumentAndSwaggerUi() {
        HttpResponse<String> document = get("/v3/api-docs");
        HttpResponse<String> ui = get("/swagger-ui/index.html");

        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Object>read(document.body(), "$.paths['/api/orders'].post"))
                .isNotNull();
        assertThat(JsonPath.<Object>read(document.body(), "$.paths['/api/reservations/{id}/checkout'].post"))
                .isNotNull();
        assertThat(JsonPath.<Object>read(document.body(), "$.components.schemas.PurchaseRequest"))
                .isNotNull();
        assertThat(document.body()).doesNotContain("\"Caller\"");
        assertThat(ui.statusCode()).isEqualTo(200);
    }

    private static void assertProblem(HttpResponse<String> response, String type, int status) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<String>read(response.body(), "$.type")).isEqualTo(type);
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.title")).isNotBlank();
    }

    private HttpResponse<String> get(String path) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(node.url(path))).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
