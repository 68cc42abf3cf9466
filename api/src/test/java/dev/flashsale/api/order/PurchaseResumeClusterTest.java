package dev.flashsale.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flashsale.api.idempotency.RequestClaim;
import dev.flashsale.api.idempotency.RequestFingerprint;
import dev.flashsale.api.idempotency.RequestMemory;
import dev.flashsale.api.support.ApiClient;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.NodeDatabase;
import dev.flashsale.api.support.SaleCatalogue;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.grid.GridOrders;
import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.order.OrderStatus;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.webtest.TestTokens;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request whose node dies: its answer, or its unfinished saga, is found by the buyer's retry on the surviving node —
 * the same answer, the same order, and nothing sold twice.
 */
class PurchaseResumeClusterTest {

    private NodeDatabase database;
    private SaleCatalogue catalogue;
    private AppNode doomed;
    private AppNode survivor;

    @BeforeEach
    void startNodes() {
        database = NodeDatabase.create("purchase_resume");
        catalogue = new SaleCatalogue(database);
        String cluster = "resume-" + UUID.randomUUID();
        int doomedPort = AppNode.freePort();
        int survivorPort = AppNode.freePort();
        List<Integer> members = List.of(doomedPort, survivorPort);
        doomed = AppNode.start(cluster, doomedPort, members, database, Map.of());
        survivor = AppNode.start(cluster, survivorPort, members, database, Map.of());
        AppNode.awaitSafe(doomed, survivor);
    }

    @AfterEach
    void stopNodes() throws SQLException {
        survivor.close();
        doomed.close();
        catalogue.close();
        database.close();
    }

    @Test
    void anAnswerOutlivesTheNodeThatGaveIt() {
        long product = catalogue.product(10, 0);
        String token = ApiClient.bearer(TestTokens.buyer("alice"));
        String body = "{\"productId\": " + product + ", \"quantity\": 2}";
        HttpResponse<String> answered = new ApiClient(doomed).post("/api/orders", token, "k", body);

        doomed.terminate();
        HttpResponse<String> replayed = new ApiClient(survivor).post("/api/orders", token, "k", body);

        assertThat(answered.statusCode()).isEqualTo(201);
        assertThat(replayed.statusCode()).isEqualTo(201);
        assertThat(replayed.body()).isEqualTo(answered.body());
        assertThat(stock(product).sold()).isEqualTo(2);
    }

    @Test
    void aRetryResumesTheSagaOfANodeThatDiedMidwayUnderTheSameOrder() {
        long product = catalogue.product(10, 0);
        // The doomed node's attempt claims the key, holds the units and places the order — then its node dies
        // before it pays.
        RequestClaim.Run run = (RequestClaim.Run) doomed.bean(RequestMemory.class)
                .claim("bob", "k", RequestFingerprint.of("POST /api/orders", product, 3), () -> 4242L);
        Outcome held = doomed.bean(GridInventory.class)
                .reserve(
                        product,
                        "bob",
                        3,
                        run.orderId(),
                        System.currentTimeMillis() + 30_000,
                        OpId.reservationOf(4242L));
        doomed.bean(GridOrders.class)
                .place(Order.placed(4242L, "bob", product, 3, OrderStatus.PENDING, "k", System.currentTimeMillis()));
        assertThat(held).isInstanceOf(Outcome.Reserved.class);

        doomed.terminate();
        Reply whileItCounts = survivor.bean(Purchases.class).buyNow("bob", product, 3, "k");
        AppNode.awaitSafe(survivor);
        Reply resumed = survivor.bean(Purchases.class).buyNow("bob", product, 3, "k");

        assertThat(whileItCounts.status()).as(whileItCounts.body()).isIn(201, 409);
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(201);
        assertThat(JsonPath.<Number>read(resumed.body(), "$.orderId").longValue())
                .isEqualTo(4242L);
        assertThat(stock(product)).isEqualTo(new Stock(10, 7, 0, 3));
    }

    @Test
    void aRetryWhileTheFirstAttemptRunsOnALiveNodeIsToldToWait() {
        long product = catalogue.product(10, 0);
        doomed.bean(RequestMemory.class)
                .claim("carol", "k", RequestFingerprint.of("POST /api/orders", product, 1), () -> 4343L);

        Reply retry = survivor.bean(Purchases.class).buyNow("carol", product, 1, "k");

        assertThat(retry.status()).isEqualTo(409);
        assertThat(JsonPath.<String>read(retry.body(), "$.type"))
                .isEqualTo("urn:flash-sale:problem:request-in-progress");
        assertThat(retry.retryAfterSeconds()).isPresent();
        assertThat(stock(product).sold()).isZero();
    }

    @Test
    void theSweeperLeavesAnOpenOrderAloneWhileItsAttemptRunsOnALiveNodeAndSettlesItOnceThatNodeIsGone() {
        long product = catalogue.product(10, 0);
        // An attempt on the doomed node claimed the key and placed the order, and holds nothing (yet): only the
        // running attempt tells the sweeper that the order's fate is not decided.
        doomed.bean(RequestMemory.class)
                .claim("dave", "k", RequestFingerprint.of("POST /api/orders", product, 1), () -> 4444L);
        doomed.bean(GridOrders.class)
                .place(Order.placed(4444L, "dave", product, 1, OrderStatus.PENDING, "k", System.currentTimeMillis()));

        survivor.bean(Purchases.class).settleAbandoned(4444L, 0);
        assertThat(survivor.bean(GridOrders.class).get(4444L).orElseThrow().status())
                .as("settled while its attempt still runs on a live node")
                .isEqualTo(OrderStatus.PENDING);

        doomed.terminate();
        AppNode.awaitSafe(survivor);
        survivor.bean(Purchases.class).settleAbandoned(4444L, 0);

        assertThat(survivor.bean(GridOrders.class).get(4444L).orElseThrow().status())
                .isEqualTo(OrderStatus.CANCELLED);
        assertThat(stock(product)).isEqualTo(new Stock(10, 10, 0, 0));
    }

    private Stock stock(long productId) {
        return survivor.bean(GridInventory.class).availability(productId).orElseThrow();
    }
}
