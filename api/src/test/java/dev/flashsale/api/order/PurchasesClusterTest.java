package dev.flashsale.api.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.NodeDatabase;
import dev.flashsale.api.support.SaleCatalogue;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.grid.GridOrders;
import dev.flashsale.engine.order.OrderStatus;
import dev.flashsale.engine.stock.Stock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The purchase saga on two real app nodes (embedded members, real MariaDB): buy now, hold and checkout, compensation,
 * idempotent replay from either node, and the settling of holds nobody checks out.
 */
class PurchasesClusterTest {

    private static final Map<String, String> SHORT_HOLDS = Map.of(
            "inventory.purchase.reservation-hold", "3s",
            "inventory.purchase.buy-now-hold", "3s",
            "inventory.purchase.sweep-interval", "1s",
            "inventory.purchase.sweep-grace", "1s",
            "inventory.purchase.payment.decline-buyers", "decline-.*");

    private static NodeDatabase database;
    private static SaleCatalogue catalogue;
    private static AppNode first;
    private static AppNode second;

    @BeforeAll
    static void startNodes() {
        database = NodeDatabase.create("purchases");
        catalogue = new SaleCatalogue(database);
        String cluster = "purchases-" + UUID.randomUUID();
        int firstPort = AppNode.freePort();
        int secondPort = AppNode.freePort();
        List<Integer> members = List.of(firstPort, secondPort);
        first = AppNode.start(cluster, firstPort, members, database, SHORT_HOLDS);
        second = AppNode.start(cluster, secondPort, members, database, SHORT_HOLDS);
        AppNode.awaitSafe(first, second);
    }

    @AfterAll
    static void stopNodes() throws SQLException {
        for (AppNode node : new AppNode[] {second, first}) {
            if (node != null) {
                node.close();
            }
        }
        catalogue.close();
        database.close();
    }

    @Test
    void buyingNowSellsTheUnitsAndConfirmsTheOrder() {
        long product = catalogue.product(10, 0);

        Reply reply = purchases(first).buyNow("alice", product, 3, "key-1");

        assertThat(reply.status()).isEqualTo(201);
        long orderId = orderId(reply);
        assertThat(JsonPath.<String>read(reply.body(), "$.status")).isEqualTo("CONFIRMED");
        assertThat(reply.location()).isEqualTo("/api/orders/" + orderId);
        assertThat(stock(product)).isEqualTo(new Stock(10, 7, 0, 3));
        assertThat(orders(second).get(orderId).orElseThrow().status()).isEqualTo(OrderStatus.CONFIRMED);
    }

    @Test
    void theSameKeyAnswersTheSameFromEitherNodeAndSellsOnce() {
        long product = catalogue.product(10, 0);
        Reply answered = purchases(first).buyNow("bob", product, 2, "same-key");

        Reply replayed = purchases(second).buyNow("bob", product, 2, "same-key");

        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.body()).isEqualTo(answered.body());
        assertThat(stock(product).sold()).isEqualTo(2);
    }

    @Test
    void theSameKeyForAnotherRequestIsRefused() {
        long product = catalogue.product(10, 0);
        purchases(first).buyNow("carol", product, 1, "reused");

        Reply other = purchases(first).buyNow("carol", product, 2, "reused");

        assertThat(other.status()).isEqualTo(422);
        assertThat(problemType(other)).isEqualTo("urn:flash-sale:problem:idempotency-key-reused");
        assertThat(stock(product).sold()).isEqualTo(1);
    }

    @Test
    void anotherBuyerMayUseTheSameKey() {
        long product = catalogue.product(10, 0);
        purchases(first).buyNow("dave", product, 1, "common");

        Reply other = purchases(first).buyNow("erin", product, 1, "common");

        assertThat(other.status()).isEqualTo(201);
        assertThat(stock(product).sold()).isEqualTo(2);
    }

    @Test
    void aDeclinedPaymentCancelsTheOrderAndPutsTheUnitsBack() {
        long product = catalogue.product(5, 0);

        Reply reply = purchases(first).buyNow("decline-frank", product, 2, "k");

        assertThat(reply.status()).isEqualTo(402);
        assertThat(problemType(reply)).isEqualTo("urn:flash-sale:problem:payment-declined");
        long orderId = JsonPath.<Number>read(reply.body(), "$.orderId").longValue();
        assertThat(orders(first).get(orderId).orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(stock(product)).isEqualTo(new Stock(5, 5, 0, 0));
    }

    @Test
    void soldOutAndPerBuyerLimitAreDistinctRefusals() {
        long scarce = catalogue.product(1, 0);
        long limited = catalogue.product(10, 2);
        purchases(first).buyNow("grace", scarce, 1, "a");

        Reply soldOut = purchases(second).buyNow("heidi", scarce, 1, "b");
        purchases(first).buyNow("ivan", limited, 2, "c");
        Reply limit = purchases(second).buyNow("ivan", limited, 1, "d");

        assertThat(soldOut.status()).isEqualTo(409);
        assertThat(problemType(soldOut)).isEqualTo("urn:flash-sale:problem:sold-out");
        assertThat(limit.status()).isEqualTo(409);
        assertThat(problemType(limit)).isEqualTo("urn:flash-sale:problem:limit-reached");
        assertThat(stock(scarce).sold()).isEqualTo(1);
        assertThat(stock(limited).sold()).isEqualTo(2);
    }

    @Test
    void anUnknownProductIsNotFound() {
        Reply reply = purchases(first).buyNow("judy", 987_654_321L, 1, "x");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(problemType(reply)).isEqualTo("urn:flash-sale:problem:product-not-found");
    }

    @Test
    void aReservationHoldsTheUnitsUntilCheckout() {
        long product = catalogue.product(4, 0);

        Reply reserved = purchases(first).reserve("ken", product, 3, "r1");
        long reservationId =
                JsonPath.<Number>read(reserved.body(), "$.reservationId").longValue();

        assertThat(reserved.status()).isEqualTo(201);
        assertThat(JsonPath.<String>read(reserved.body(), "$.expiresAt")).isNotBlank();
        assertThat(stock(product)).isEqualTo(new Stock(4, 1, 3, 0));

        Reply checkout = purchases(second).checkout("ken", reservationId);
        Reply again = purchases(first).checkout("ken", reservationId);

        assertThat(checkout.status()).isEqualTo(201);
        assertThat(orderId(checkout)).isEqualTo(reservationId);
        assertThat(again.body()).isEqualTo(checkout.body());
        assertThat(stock(product)).isEqualTo(new Stock(4, 1, 0, 3));
    }

    @Test
    void onlyItsBuyerSeesOrChecksOutAReservation() {
        long product = catalogue.product(4, 0);
        long reservationId = reservationId(purchases(first).reserve("leo", product, 1, "r"));

        Reply stranger = purchases(first).checkout("mallory", reservationId);

        assertThat(stranger.status()).isEqualTo(404);
        assertThat(problemType(stranger)).isEqualTo("urn:flash-sale:problem:reservation-not-found");
        assertThat(stock(product).held()).isEqualTo(1);
    }

    @Test
    void releasingAReservationPutsTheUnitsBackAndCheckoutThenRefuses() {
        long product = catalogue.product(4, 0);
        long reservationId = reservationId(purchases(first).reserve("mike", product, 2, "r"));

        Reply released = purchases(second).release("mike", reservationId);
        Reply checkout = purchases(first).checkout("mike", reservationId);

        assertThat(released.status()).isEqualTo(204);
        assertThat(purchases(first).release("mike", reservationId).status()).isEqualTo(204);
        assertThat(checkout.status()).isEqualTo(409);
        assertThat(problemType(checkout)).isEqualTo("urn:flash-sale:problem:reservation-released");
        assertThat(stock(product)).isEqualTo(new Stock(4, 4, 0, 0));
    }

    @Test
    void anExpiredReservationIsReleasedAndItsOrderCancelledWithoutAnyCheckout() {
        long product = catalogue.product(4, 0);
        long reservationId = reservationId(purchases(first).reserve("nina", product, 2, "r"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                orders(first).get(reservationId).orElseThrow().status())
                        .isEqualTo(OrderStatus.CANCELLED));

        assertThat(stock(product)).isEqualTo(new Stock(4, 4, 0, 0));
        Reply checkout = purchases(second).checkout("nina", reservationId);
        assertThat(checkout.status()).isEqualTo(409);
        assertThat(problemType(checkout)).isEqualTo("urn:flash-sale:problem:reservation-expired");
    }

    @Test
    void aCheckoutAfterTheHoldExpiredRefundsAndSellsNothing() {
        long product = catalogue.product(4, 0);
        long reservationId = reservationId(purchases(first).reserve("olga", product, 1, "r"));
        await().atMost(Duration.ofSeconds(30)).until(() -> stock(product).held() == 0);

        Reply checkout = purchases(first).checkout("olga", reservationId);

        assertThat(checkout.status()).isEqualTo(409);
        assertThat(stock(product)).isEqualTo(new Stock(4, 4, 0, 0));
        assertThat(first.bean(dev.flashsale.api.payment.PaymentGateway.class).status(reservationId))
                .isIn(dev.flashsale.api.payment.PaymentStatus.REFUNDED, dev.flashsale.api.payment.PaymentStatus.NONE);
    }

    @Test
    void countsEveryAnswerByOperationAndOutcome() {
        long product = catalogue.product(1, 0);
        MeterRegistry meters = first.bean(MeterRegistry.class);
        double soldBefore = count(meters, "buy", "sold");
        double soldOutBefore = count(meters, "buy", "sold_out");
        double declinedBefore = count(meters, "buy", "payment_declined");

        purchases(first).buyNow("pat", product, 1, "a");
        purchases(first).buyNow("quinn", product, 1, "b");
        purchases(first).buyNow("decline-rob", product, 1, "c");

        assertThat(count(meters, "buy", "sold")).isEqualTo(soldBefore + 1);
        assertThat(count(meters, "buy", "sold_out")).isEqualTo(soldOutBefore + 2);
        assertThat(count(meters, "buy", "payment_declined")).isEqualTo(declinedBefore);
    }

    private static double count(MeterRegistry meters, String operation, String outcome) {
        Counter counter = meters.find("inventory.purchases")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static Purchases purchases(AppNode node) {
        return node.bean(Purchases.class);
    }

    private static GridOrders orders(AppNode node) {
        return node.bean(GridOrders.class);
    }

    private static Stock stock(long productId) {
        return first.bean(GridInventory.class).availability(productId).orElseThrow();
    }

    private static long orderId(Reply reply) {
        return JsonPath.<Number>read(reply.body(), "$.orderId").longValue();
    }

    private static long reservationId(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return JsonPath.<Number>read(reply.body(), "$.reservationId").longValue();
    }

    private static String problemType(Reply reply) {
        return JsonPath.read(reply.body(), "$.type");
    }
}
