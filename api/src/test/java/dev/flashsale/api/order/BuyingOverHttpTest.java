package dev.flashsale.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flashsale.api.support.ApiClient;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.NodeDatabase;
import dev.flashsale.api.support.SaleCatalogue;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.webtest.TestTokens;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The buying endpoints of CONTRACT.md over real HTTP on two app nodes: paths, status codes, bodies, headers, identity.
 */
class BuyingOverHttpTest {

    private static NodeDatabase database;
    private static SaleCatalogue catalogue;
    private static AppNode first;
    private static AppNode second;
    private static ApiClient one;
    private static ApiClient two;

    @BeforeAll
    static void startNodes() {
        database = NodeDatabase.create("buying_http");
        catalogue = new SaleCatalogue(database);
        String cluster = "buying-" + UUID.randomUUID();
        int firstPort = AppNode.freePort();
        int secondPort = AppNode.freePort();
        List<Integer> members = List.of(firstPort, secondPort);
        Map<String, String> settings = Map.of("inventory.purchase.payment.decline-buyers", "decline-.*");
        first = AppNode.start(cluster, firstPort, members, database, settings);
        second = AppNode.start(cluster, secondPort, members, database, settings);
        AppNode.awaitSafe(first, second);
        one = new ApiClient(first);
        two = new ApiClient(second);
    }

    @AfterAll
    static void stopNodes() throws SQLException {
        second.close();
        first.close();
        catalogue.close();
        database.close();
    }

    @Test
    void buyNowAnswersTheConfirmedOrderAndItsLocation() {
        long product = catalogue.product(10, 0);

        HttpResponse<String> response = one.post("/api/orders", buyer("alice"), "k1", order(product, 2));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        long orderId = JsonPath.<Number>read(response.body(), "$.orderId").longValue();
        assertThat(JsonPath.<String>read(response.body(), "$.status")).isEqualTo("CONFIRMED");
        assertThat(JsonPath.<Number>read(response.body(), "$.productId").longValue())
                .isEqualTo(product);
        assertThat(JsonPath.<Integer>read(response.body(), "$.quantity")).isEqualTo(2);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/orders/" + orderId);
        assertThat(stock(product)).isEqualTo(new Stock(10, 8, 0, 2));
    }

    @Test
    void theSameKeyAndBodyOnTheOtherNodeAnswersTheSameAndSellsOnce() {
        long product = catalogue.product(10, 0);
        HttpResponse<String> answered = one.post("/api/orders", buyer("bob"), "k", order(product, 1));

        HttpResponse<String> replayed =
                two.post("/api/orders", buyer("bob"), "k", "{ \"quantity\": 1, \"productId\": " + product + " }");
        HttpResponse<String> otherBody = two.post("/api/orders", buyer("bob"), "k", order(product, 3));

        assertThat(replayed.statusCode()).isEqualTo(201);
        assertThat(replayed.body()).isEqualTo(answered.body());
        assertThat(otherBody.statusCode()).isEqualTo(422);
        assertProblem(otherBody, "idempotency-key-reused");
        assertThat(stock(product).sold()).isEqualTo(1);
    }

    @Test
    void anOrderIsSeenByItsBuyerAndTheAdministratorOnly() {
        long product = catalogue.product(10, 0);
        HttpResponse<String> bought = one.post("/api/orders", buyer("carol"), "k", order(product, 1));
        String path = bought.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> byBuyer = two.get(path, buyer("carol"));
        HttpResponse<String> byAdministrator = two.get(path, ApiClient.administrator());
        HttpResponse<String> byStranger = two.get(path, buyer("mallory"));
        HttpResponse<String> anonymous = two.get(path, null);
        HttpResponse<String> missing = two.get("/api/orders/999999999999", buyer("carol"));

        assertThat(byBuyer.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(byBuyer.body(), "$.status")).isEqualTo("CONFIRMED");
        assertThat(byAdministrator.statusCode()).isEqualTo(200);
        assertThat(byStranger.statusCode()).isEqualTo(403);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertProblem(missing, "order-not-found");
    }

    @Test
    void refusalsAreDistinctProblems() {
        long scarce = catalogue.product(1, 0);
        long limited = catalogue.product(10, 1);
        one.post("/api/orders", buyer("dave"), "a", order(scarce, 1));
        one.post("/api/orders", buyer("dave"), "b", order(limited, 1));

        HttpResponse<String> soldOut = two.post("/api/orders", buyer("erin"), "c", order(scarce, 1));
        HttpResponse<String> limit = two.post("/api/orders", buyer("dave"), "d", order(limited, 1));
        HttpResponse<String> declined = two.post("/api/orders", buyer("decline-frank"), "e", order(limited, 1));
        HttpResponse<String> unknown = two.post("/api/orders", buyer("erin"), "f", order(987_654_321L, 1));

        assertThat(soldOut.statusCode()).isEqualTo(409);
        assertProblem(soldOut, "sold-out");
        assertThat(limit.statusCode()).isEqualTo(409);
        assertProblem(limit, "limit-reached");
        assertThat(declined.statusCode()).isEqualTo(402);
        assertProblem(declined, "payment-declined");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(stock(limited)).isEqualTo(new Stock(10, 9, 0, 1));
    }

    @Test
    void aRestockOnOneNodeReopensASoldOutProductOnTheOtherAtOnce() {
        long product = catalogue.product(1, 0);
        one.post("/api/orders", buyer("olive"), "a", order(product, 1));
        HttpResponse<String> soldOut = one.post("/api/orders", buyer("paul"), "b", order(product, 1));

        HttpResponse<String> restocked = two.post(
                "/api/admin/products/" + product + "/restock", ApiClient.administrator(), null, "{\"quantity\": 2}");
        HttpResponse<String> bought = one.post("/api/orders", buyer("paul"), "c", order(product, 1));

        assertThat(soldOut.statusCode()).isEqualTo(409);
        assertThat(restocked.statusCode()).as(restocked.body()).isEqualTo(200);
        assertThat(bought.statusCode()).as(bought.body()).isEqualTo(201);
        assertThat(stock(product)).isEqualTo(new Stock(3, 1, 0, 2));
    }

    @Test
    void aBuyNeedsATokenAndAnIdempotencyKey() {
        long product = catalogue.product(10, 0);

        HttpResponse<String> anonymous = one.post("/api/orders", null, "k", order(product, 1));
        HttpResponse<String> noKey = one.post("/api/orders", buyer("gina"), null, order(product, 1));
        HttpResponse<String> longKey = one.post("/api/orders", buyer("gina"), "x".repeat(256), order(product, 1));
        HttpResponse<String> administrator = one.post("/api/orders", ApiClient.administrator(), "k", order(product, 1));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.body()).contains("Idempotency-Key");
        assertThat(longKey.statusCode()).isEqualTo(400);
        assertThat(administrator.statusCode()).isEqualTo(403);
        assertThat(stock(product).sold()).isZero();
    }

    @Test
    void aReservationIsCheckedOutOrReleasedByItsBuyer() {
        long product = catalogue.product(10, 0);
        HttpResponse<String> reserved = one.post("/api/reservations", buyer("hank"), "r1", order(product, 2));
        HttpResponse<String> another = one.post("/api/reservations", buyer("hank"), "r2", order(product, 3));
        long reservation =
                JsonPath.<Number>read(reserved.body(), "$.reservationId").longValue();
        long released = JsonPath.<Number>read(another.body(), "$.reservationId").longValue();

        assertThat(reserved.statusCode()).isEqualTo(201);
        assertThat(JsonPath.<String>read(reserved.body(), "$.expiresAt")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(stock(product)).isEqualTo(new Stock(10, 5, 5, 0));

        HttpResponse<String> stranger =
                two.post("/api/reservations/" + reservation + "/checkout", buyer("ivy"), null, "");
        HttpResponse<String> checkout =
                two.post("/api/reservations/" + reservation + "/checkout", buyer("hank"), null, "");
        HttpResponse<String> release = two.delete("/api/reservations/" + released, buyer("hank"));
        HttpResponse<String> releaseCheckedOut = two.delete("/api/reservations/" + reservation, buyer("hank"));

        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(201);
        assertThat(JsonPath.<Number>read(checkout.body(), "$.orderId").longValue())
                .isEqualTo(reservation);
        assertThat(JsonPath.<String>read(checkout.body(), "$.status")).isEqualTo("CONFIRMED");
        assertThat(release.statusCode()).isEqualTo(204);
        assertThat(releaseCheckedOut.statusCode()).isEqualTo(409);
        assertThat(stock(product)).isEqualTo(new Stock(10, 8, 0, 2));
    }

    private static String buyer(String userId) {
        return ApiClient.bearer(TestTokens.buyer(userId));
    }

    private static String order(long productId, int quantity) {
        return "{\"productId\": " + productId + ", \"quantity\": " + quantity + "}";
    }

    private static Stock stock(long productId) {
        return first.bean(GridInventory.class).availability(productId).orElseThrow();
    }

    private static void assertProblem(HttpResponse<String> response, String name) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<String>read(response.body(), "$.type")).isEqualTo("urn:flash-sale:problem:" + name);
    }
}
