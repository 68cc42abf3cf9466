package dev.flashsale.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.api.idempotency.RequestClaim;
import dev.flashsale.api.idempotency.RequestFingerprint;
import dev.flashsale.api.idempotency.RequestMemory;
import dev.flashsale.api.payment.PaymentGateway;
import dev.flashsale.api.payment.PaymentRequest;
import dev.flashsale.api.payment.PaymentResult;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.NodeDatabase;
import dev.flashsale.api.support.SaleCatalogue;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.grid.GridOrders;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.engine.grid.internal.LedgerCommandProcessor;
import dev.flashsale.engine.grid.internal.LedgerKey;
import dev.flashsale.engine.ledger.BuyerLedger;
import dev.flashsale.engine.ledger.Claim;
import dev.flashsale.engine.ledger.LedgerCommand;
import dev.flashsale.engine.ledger.LedgerStep;
import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.order.OrderStatus;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.persistence.order.OrderDao;
import dev.flashsale.persistence.order.OrderRow;
import dev.flashsale.persistence.product.ProductDao;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Purchases cut off in the middle of the saga, by a node's death (kill -9) or by a stop of the whole cluster: once the
 * holds have expired and recovery ran, every unit is sold under a CONFIRMED order, held by a live hold, or back on sale
 * ({@code available == received - sold - held by live holds}), and no order stays PENDING although its hold has ended.
 *
 * <p>Each purchase is driven step by step on the node that dies, as {@link Purchases} runs them, and stops after one
 * step of the saga. Reservations last an hour here, so an order settled before that was settled because its hold had
 * ended, not because it outlived every hold.
 */
class AbandonedPurchasesClusterTest {

    /** How far a purchase got before its node died: each step includes the ones before it. */
    enum Step {
        /** The request claimed its idempotency key. */
        CLAIMED,
        /** Saga step 1: the units are held. */
        HELD,
        /** Saga step 2: the order is placed, PENDING. */
        PLACED,
        /** Saga step 3: the payment was approved. */
        PAID,
        /** Saga step 4 begun: the ledger decided that the hold becomes a sale; the stock has not changed yet. */
        CONFIRM_DECIDED,
        /** Saga step 4: the hold became a sale in the stock and the ledger; the order is still PENDING. */
        HOLD_CONFIRMED,
        /** Saga step 4 done: the order is CONFIRMED; the answer was never remembered. */
        ORDER_CONFIRMED
    }

    private static final int STOCK = 10;
    private static final int QUANTITY = 2;
    private static final Duration BUY_NOW_HOLD = Duration.ofSeconds(4);
    private static final Duration SETTLED_WITHIN = Duration.ofMinutes(4);

    private NodeDatabase database;
    private SaleCatalogue catalogue;
    private final List<AppNode> nodes = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        database = NodeDatabase.create("abandoned_purchases");
        catalogue = new SaleCatalogue(database);
    }

    @AfterEach
    void stopNodes() throws SQLException {
        nodes.forEach(AppNode::close);
        catalogue.close();
        database.close();
    }

    @Test
    void settlesEveryPurchaseCutOffByANodesDeathOnceItsHoldHasEnded() {
        List<AppNode> cluster = startCluster(2);
        AppNode doomed = cluster.get(0);
        AppNode survivor = cluster.get(1);
        Map<Step, Purchase> purchases = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            long product = catalogue.product(STOCK, QUANTITY);
            purchases.put(step, cutOff(doomed, product, step));
        }
        // A live hold on every product, which must stay held: a reservation whose node lives, for an hour.
        Map<Step, Long> liveHolds = new EnumMap<>(Step.class);
        purchases.forEach((step, purchase) -> liveHolds.put(step, reserveOne(survivor, purchase.productId(), step)));

        doomed.terminate();
        AppNode.awaitSafe(survivor);
        awaitSettled(survivor, purchases.values());

        GridOrders orders = survivor.bean(GridOrders.class);
        GridInventory inventory = survivor.bean(GridInventory.class);
        for (Step step : Step.values()) {
            Purchase purchase = purchases.get(step);
            Optional<OrderStatus> status = orders.get(purchase.orderId()).map(Order::status);
            int sold = status.filter(OrderStatus.CONFIRMED::equals).isPresent() ? QUANTITY : 0;
            assertThat(status).as(step.name()).isEqualTo(Optional.ofNullable(expectedStatus(step)));
            assertThat(inventory.availability(purchase.productId()))
                    .as("%s: available == received - sold - held by the live hold", step)
                    .contains(new Stock(STOCK, STOCK - sold - 1, 1, sold));
            assertThat(orders.get(liveHolds.get(step)).map(Order::status))
                    .as("%s: the live reservation", step)
                    .contains(OrderStatus.PENDING);
        }
        awaitDatabaseAgrees(survivor, purchases.values());
    }

    @Test
    void settlesTheOrdersAStopOfTheWholeClusterLeftPendingAtTheNextStart() {
        List<AppNode> first = startCluster(2);
        Map<Step, Purchase> purchases = new EnumMap<>(Step.class);
        for (Step step : List.of(Step.PLACED, Step.PAID, Step.HOLD_CONFIRMED)) {
            long product = catalogue.product(STOCK, QUANTITY);
            purchases.put(step, cutOff(first.get(0), product, step));
        }
        // A graceful stop of every node (scripts/down): the last one writes the pending orders as they are.
        first.forEach(AppNode::close);
        OrderDao orderRows = new OrderDao(catalogue.database().primary());
        for (Purchase purchase : purchases.values()) {
            assertThat(orderRows.load(purchase.orderId()).map(OrderRow::status))
                    .contains(dev.flashsale.persistence.order.OrderStatus.PENDING);
        }

        AppNode restarted = startCluster(2).get(0);
        awaitSettled(restarted, purchases.values());

        GridOrders orders = restarted.bean(GridOrders.class);
        GridInventory inventory = restarted.bean(GridInventory.class);
        for (Purchase purchase : purchases.values()) {
            // The grid that sold a hold is gone, and the database never counted it: every unit is on sale again.
            assertThat(orders.get(purchase.orderId()).map(Order::status)).contains(OrderStatus.CANCELLED);
            assertThat(inventory.availability(purchase.productId())).contains(new Stock(STOCK, STOCK, 0, 0));
        }
        awaitDatabaseAgrees(restarted, purchases.values());
    }

    /** What an order ends as, by the step its purchase reached; null when no order was placed. */
    private static OrderStatus expectedStatus(Step step) {
        return switch (step) {
            case CLAIMED, HELD -> null;
            case PLACED, PAID -> OrderStatus.CANCELLED;
            case CONFIRM_DECIDED, HOLD_CONFIRMED, ORDER_CONFIRMED -> OrderStatus.CONFIRMED;
        };
    }

    /** A purchase of {@link #QUANTITY} units of the product by its own buyer, run on {@code node} up to {@code last}. */
    private static Purchase cutOff(AppNode node, long productId, Step last) {
        String buyer = "buyer-" + last.name().toLowerCase();
        String key = "key-" + last.name().toLowerCase();
        RequestClaim.Run run = (RequestClaim.Run) node.bean(RequestMemory.class)
                .claim(
                        buyer,
                        key,
                        RequestFingerprint.of("POST /api/orders", productId, QUANTITY),
                        node.bean(HazelcastInstance.class).getFlakeIdGenerator(PurchaseConfiguration.ORDER_IDS)::newId);
        long orderId = run.orderId();
        Purchase purchase = new Purchase(productId, buyer, orderId);
        if (last == Step.CLAIMED) {
            return purchase;
        }
        GridInventory inventory = node.bean(GridInventory.class);
        Outcome held = inventory.reserve(
                productId,
                buyer,
                QUANTITY,
                orderId,
                run.startedAtMillis() + BUY_NOW_HOLD.toMillis(),
                OpId.reservationOf(orderId));
        assertThat(held).isInstanceOf(Outcome.Reserved.class);
        if (last == Step.HELD) {
            return purchase;
        }
        GridOrders orders = node.bean(GridOrders.class);
        orders.place(Order.placed(
                orderId, buyer, productId, QUANTITY, OrderStatus.PENDING, key, System.currentTimeMillis()));
        if (last == Step.PLACED) {
            return purchase;
        }
        PaymentResult paid =
                node.bean(PaymentGateway.class).charge(new PaymentRequest(orderId, buyer, productId, QUANTITY));
        assertThat(paid).isInstanceOf(PaymentResult.Approved.class);
        if (last == Step.PAID) {
            return purchase;
        }
        if (last == Step.CONFIRM_DECIDED) {
            LedgerStep decided = node.bean(HazelcastInstance.class)
                    .<LedgerKey, BuyerLedger>getMap(InventoryMaps.LEDGERS)
                    .executeOnKey(
                            new LedgerKey(productId, buyer),
                            new LedgerCommandProcessor(new LedgerCommand.Decide(
                                    orderId,
                                    Claim.Phase.CONFIRMING,
                                    Duration.ofSeconds(6).toMillis())));
            assertThat(decided).isInstanceOf(LedgerStep.Proceed.class);
            return purchase;
        }
        assertThat(inventory.confirm(productId, buyer, orderId)).isInstanceOf(Outcome.Confirmed.class);
        if (last == Step.HOLD_CONFIRMED) {
            return purchase;
        }
        assertThat(orders.confirm(orderId)).isPresent();
        return purchase;
    }

    /** A reservation of one unit, through the saga on {@code node}; returns its order id. */
    private static long reserveOne(AppNode node, long productId, Step step) {
        Reply reserved = node.bean(Purchases.class).reserve("holder", productId, 1, "live-" + step);
        assertThat(reserved.status()).as(reserved.body()).isEqualTo(201);
        return com.jayway.jsonpath.JsonPath.<Number>read(reserved.body(), "$.reservationId")
                .longValue();
    }

    /** Waits until no purchase's order is PENDING and no purchase's hold is open. */
    private static void awaitSettled(AppNode node, Iterable<Purchase> purchases) {
        GridOrders orders = node.bean(GridOrders.class);
        GridInventory inventory = node.bean(GridInventory.class);
        Map<Long, String> open = new LinkedHashMap<>();
        awaitUntil("every cut-off purchase settled", open, () -> {
            open.clear();
            for (Purchase purchase : purchases) {
                Optional<Order> order = orders.get(purchase.orderId());
                boolean holdOpen = inventory.holdOpen(purchase.productId(), purchase.buyerId(), purchase.orderId());
                if (order.filter(pending -> pending.status() == OrderStatus.PENDING)
                                .isPresent()
                        || holdOpen) {
                    open.put(
                            purchase.orderId(),
                            order.map(Order::status) + ", hold open " + holdOpen + ", "
                                    + inventory.availability(purchase.productId()));
                }
            }
            return open.isEmpty();
        });
    }

    /** Waits until the database has every order as the grid has it, and each product's units sold as the grid counts. */
    private void awaitDatabaseAgrees(AppNode node, Iterable<Purchase> purchases) {
        GridOrders orders = node.bean(GridOrders.class);
        GridInventory inventory = node.bean(GridInventory.class);
        OrderDao orderRows = new OrderDao(catalogue.database().primary());
        ProductDao products = new ProductDao(catalogue.database().primary());
        Map<Long, String> mismatches = new LinkedHashMap<>();
        awaitUntil("the database agrees with the grid", mismatches, () -> {
            mismatches.clear();
            for (Purchase purchase : purchases) {
                Optional<String> inGrid = orders.get(purchase.orderId())
                        .map(order -> order.status().name());
                Optional<String> stored = orderRows
                        .load(purchase.orderId())
                        .map(row -> row.status().name());
                long sold = inventory
                        .availability(purchase.productId())
                        .orElseThrow()
                        .sold();
                long soldStored =
                        products.stockTotals(purchase.productId()).orElseThrow().sold();
                if (!inGrid.equals(stored) || sold != soldStored) {
                    mismatches.put(
                            purchase.orderId(),
                            "grid " + inGrid + " sold " + sold + ", database " + stored + " sold " + soldStored);
                }
            }
            return mismatches.isEmpty();
        });
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} and what {@code left} says was left. */
    private static void awaitUntil(String what, Map<Long, String> left, BooleanSupplier condition) {
        long giveUpAt = System.nanoTime() + SETTLED_WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUpAt > 0) {
                throw new AssertionError("not " + what + " within " + SETTLED_WITHIN + ": " + left);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    /** Starts a cluster of {@code size} nodes of its own on the test's database, with short buy-now holds. */
    private List<AppNode> startCluster(int size) {
        String cluster = "abandoned-" + UUID.randomUUID();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(AppNode.freePort());
        }
        Map<String, String> settings = Map.of(
                "inventory.purchase.buy-now-hold", BUY_NOW_HOLD.toSeconds() + "s",
                "inventory.purchase.reservation-hold", "1h",
                "inventory.purchase.sweep-interval", "1s",
                "inventory.purchase.sweep-grace", "2s");
        List<AppNode> started = new ArrayList<>();
        for (int port : ports) {
            AppNode node = AppNode.start(cluster, port, ports, database, settings);
            nodes.add(node);
            started.add(node);
        }
        AppNode.awaitSafe(started.toArray(AppNode[]::new));
        return started;
    }

    private record Purchase(long productId, String buyerId, long orderId) {}
}
