package dev.flashsale.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flashsale.api.support.ApiClient;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.NodeDatabase;
import dev.flashsale.api.support.SaleCatalogue;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.webtest.TestTokens;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node beyond its capacity refuses some purchases quickly with 503 and {@code Retry-After} instead of answering all
 * of them late, and a refused purchase sells nothing: its retry with the same key is a fresh request.
 */
class OverloadTest {

    private static final int CALLERS = 12;

    private static NodeDatabase database;
    private static SaleCatalogue catalogue;
    private static AppNode node;

    @BeforeAll
    static void startNode() {
        database = NodeDatabase.create("overload");
        catalogue = new SaleCatalogue(database);
        int port = AppNode.freePort();
        // Two purchases at a time, each paying for a second: the third concurrent one finds the node full.
        node = AppNode.start(
                "overload-" + UUID.randomUUID(),
                port,
                List.of(port),
                database,
                Map.of(
                        "inventory.purchase.max-in-flight", "2",
                        "inventory.purchase.admission-wait", "50ms",
                        "inventory.purchase.payment.latency", "1s"));
    }

    @AfterAll
    static void stopNode() throws SQLException {
        node.close();
        catalogue.close();
        database.close();
    }

    @Test
    void refusesWhatItCannotRunWithRetryAfterAndSellsOnlyWhatItAnswered() throws Exception {
        long product = catalogue.product(100, 0);
        ApiClient client = new ApiClient(node);
        List<HttpResponse<String>> responses = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int caller = 0; caller < CALLERS; caller++) {
                String token = ApiClient.bearer(TestTokens.buyer("buyer-" + caller));
                calls.add(callers.submit(() ->
                        client.post("/api/orders", token, "k", "{\"productId\": " + product + ", \"quantity\": 1}")));
            }
            for (Future<HttpResponse<String>> call : calls) {
                responses.add(call.get());
            }
        }

        List<HttpResponse<String>> sold = responses.stream()
                .filter(response -> response.statusCode() == 201)
                .toList();
        List<HttpResponse<String>> refused = responses.stream()
                .filter(response -> response.statusCode() == 503)
                .toList();
        assertThat(sold.size() + refused.size()).isEqualTo(CALLERS);
        assertThat(refused).isNotEmpty();
        assertThat(sold).isNotEmpty();
        for (HttpResponse<String> response : refused) {
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(JsonPath.<String>read(response.body(), "$.type")).isEqualTo("urn:flash-sale:problem:overloaded");
        }
        assertThat(node.bean(GridInventory.class)
                        .availability(product)
                        .orElseThrow()
                        .sold())
                .isEqualTo(sold.size());

        // A refused buyer retries with the same key and, the node being free now, buys.
        String token = ApiClient.bearer(TestTokens.buyer("buyer-retry"));
        String body = "{\"productId\": " + product + ", \"quantity\": 1}";
        HttpResponse<String> retried = client.post("/api/orders", token, "retry", body);
        assertThat(retried.statusCode()).isEqualTo(201);
    }
}
