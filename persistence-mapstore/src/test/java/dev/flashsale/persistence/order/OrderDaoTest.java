package dev.flashsale.persistence.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.PersistenceException;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.inventorylog.InventoryLogDao;
import dev.flashsale.persistence.inventorylog.InventoryLogKind;
import dev.flashsale.persistence.product.CreateProductOutcome;
import dev.flashsale.persistence.product.NewProduct;
import dev.flashsale.persistence.product.ProductDao;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrderDaoTest {

    private static final Instant AT = Instant.now();
    private static final AtomicLong ORDER_IDS = new AtomicLong(1_000);
    private static final AtomicLong SKUS = new AtomicLong();

    private static TestSchema schema;
    private static Database database;
    private static OrderDao orders;
    private static ProductDao products;

    @BeforeAll
    static void startDatabase() {
        schema = TestDatabases.createSchema("orders");
        database = schema.start();
        orders = new OrderDao(database.primary());
        products = new ProductDao(database.primary());
    }

    @AfterAll
    static void stopDatabase() throws SQLException {
        database.close();
        schema.close();
    }

    private static long productWithStock(int stock) {
        CreateProductOutcome outcome = products.create(
                NewProduct.of("SKU-" + SKUS.incrementAndGet(), "Product", new BigDecimal("10.00"), stock));
        return ((CreateProductOutcome.Created) outcome).product().id();
    }

    private static OrderRow order(long productId, OrderStatus status, int quantity) {
        long id = ORDER_IDS.incrementAndGet();
        return OrderRow.of(id, "user-" + id, productId, quantity, status, "key-" + id, AT);
    }

    private static long sold(long productId) {
        return products.stockTotals(productId).orElseThrow().sold();
    }

    private static long confirmedQuantity(long productId) {
        return database.primary()
                .withHandle(handle -> handle.createQuery(
                                "SELECT COALESCE(SUM(quantity), 0) FROM orders WHERE product_id = :product AND status = 'CONFIRMED'")
                        .bind("product", productId)
                        .mapTo(Long.class)
                        .one());
    }

    @Test
    void storesNewOrdersAndCountsTheConfirmedOnesAsSold() {
        long product = productWithStock(10);
        OrderRow confirmed = order(product, OrderStatus.CONFIRMED, 3);
        OrderRow pending = order(product, OrderStatus.PENDING, 2);

        StoreReport report = orders.storeAll(List.of(confirmed, pending));

        assertThat(report.isClean()).isTrue();
        assertThat(orders.loadAll(List.of(confirmed.id(), pending.id())))
                .isEqualTo(Map.of(confirmed.id(), confirmed, pending.id(), pending));
        assertThat(sold(product)).isEqualTo(3);
    }

    @Test
    void replayingABatchChangesNothing() {
        long product = productWithStock(10);
        List<OrderRow> batch = List.of(
                order(product, OrderStatus.CONFIRMED, 1),
                order(product, OrderStatus.CONFIRMED, 2),
                order(product, OrderStatus.PENDING, 4));
        orders.storeAll(batch);
        Map<Long, OrderRow> stored =
                orders.loadAll(batch.stream().map(OrderRow::id).toList());

        StoreReport replay = orders.storeAll(batch);

        assertThat(replay.isClean()).isTrue();
        assertThat(orders.loadAll(stored.keySet())).isEqualTo(stored);
        assertThat(sold(product)).isEqualTo(3).isEqualTo(confirmedQuantity(product));
    }

    @Test
    void countsAConfirmedPendingOrderOnce() {
        long product = productWithStock(10);
        OrderRow pending = order(product, OrderStatus.PENDING, 4);
        orders.store(pending);
        OrderRow confirmed = pending.confirmed(AT.plusSeconds(1));

        orders.store(confirmed);
        orders.storeAll(List.of(confirmed, pending));

        assertThat(orders.load(pending.id())).contains(confirmed);
        assertThat(sold(product)).isEqualTo(4);
    }

    @Test
    void neverMovesAnOrderBackwards() {
        long product = productWithStock(10);
        OrderRow pending = order(product, OrderStatus.PENDING, 2);
        OrderRow confirmed = pending.confirmed(AT.plusSeconds(1));
        orders.store(confirmed);

        orders.store(pending);

        assertThat(orders.load(pending.id())).contains(confirmed);
        assertThat(sold(product)).isEqualTo(2);
    }

    @Test
    void givesBackTheQuantityOfACancelledConfirmedOrder() {
        long product = productWithStock(10);
        OrderRow confirmed = order(product, OrderStatus.CONFIRMED, 3);
        orders.store(confirmed);

        orders.store(confirmed.cancelled("cancelled by the administrator", AT.plusSeconds(1)));

        assertThat(orders.load(confirmed.id()).orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(sold(product)).isZero().isEqualTo(confirmedQuantity(product));
    }

    @Test
    void refusesTheOrderThatWouldOversellAndStoresTheRestOfTheBatch() {
        long scarce = productWithStock(5);
        long plenty = productWithStock(100);
        OrderRow fits = order(scarce, OrderStatus.CONFIRMED, 3);
        OrderRow oversells = order(scarce, OrderStatus.CONFIRMED, 3);
        OrderRow elsewhere = order(plenty, OrderStatus.CONFIRMED, 1);

        StoreReport report = orders.storeAll(List.of(fits, oversells, elsewhere));

        assertThat(report.refused()).containsExactly(oversells.id());
        assertThat(report.failed()).isEmpty();
        assertThat(orders.load(fits.id())).contains(fits);
        assertThat(orders.load(elsewhere.id())).contains(elsewhere);
        OrderRow refused = orders.load(oversells.id()).orElseThrow();
        assertThat(refused.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(refused.cancelReason()).contains(OrderDao.OVERSELL_REASON);
        assertThat(sold(scarce)).isEqualTo(3).isEqualTo(confirmedQuantity(scarce));
        assertThat(sold(plenty)).isEqualTo(1);
    }

    @Test
    void reportsARefusedOrderAgainWhenItIsStoredAgain() {
        long product = productWithStock(1);
        OrderRow oversells = order(product, OrderStatus.CONFIRMED, 2);
        orders.store(oversells);

        StoreReport again = orders.storeAll(List.of(oversells, order(product, OrderStatus.CONFIRMED, 1)));

        assertThat(again.refused()).containsExactly(oversells.id());
        assertThat(sold(product)).isEqualTo(1).isEqualTo(confirmedQuantity(product));
    }

    @Test
    void reportsAnOrderForAnUnknownProductAndStoresTheRest() {
        long product = productWithStock(10);
        OrderRow unknownProduct = order(999_999, OrderStatus.CONFIRMED, 1);
        OrderRow good = order(product, OrderStatus.CONFIRMED, 1);

        StoreReport report = orders.storeAll(List.of(unknownProduct, good));

        assertThat(report.failed()).extracting(FailedOrder::orderId).containsExactly(unknownProduct.id());
        assertThat(orders.load(unknownProduct.id())).isEmpty();
        assertThat(orders.load(good.id())).contains(good);
    }

    @Test
    void reportsAnIdempotencyKeyReusedByAnotherOrderAndStoresTheRest() {
        long product = productWithStock(10);
        OrderRow first = order(product, OrderStatus.CONFIRMED, 1);
        orders.store(first);
        OrderRow sameKey = OrderRow.of(
                ORDER_IDS.incrementAndGet(),
                first.userId(),
                product,
                2,
                OrderStatus.CONFIRMED,
                first.idempotencyKey(),
                AT);
        OrderRow good = order(product, OrderStatus.CONFIRMED, 1);

        StoreReport report = orders.storeAll(List.of(sameKey, good));

        assertThat(report.failed()).singleElement().satisfies(failed -> {
            assertThat(failed.orderId()).isEqualTo(sameKey.id());
            assertThat(failed.reason()).contains("order " + first.id());
        });
        assertThat(orders.load(first.id())).contains(first);
        assertThat(orders.load(sameKey.id())).isEmpty();
        assertThat(orders.load(good.id())).contains(good);
        assertThat(sold(product)).isEqualTo(2).isEqualTo(confirmedQuantity(product));
    }

    @Test
    void keepsSoldEqualToTheConfirmedOrdersUnderConcurrentOverlappingBatches() throws Exception {
        long product = productWithStock(1_000);
        List<OrderRow> pending = new ArrayList<>();
        for (int index = 0; index < 200; index++) {
            pending.add(order(product, OrderStatus.PENDING, 1 + index % 3));
        }
        List<OrderRow> confirmed =
                pending.stream().map(row -> row.confirmed(AT.plusSeconds(1))).toList();
        try (ExecutorService writers = Executors.newFixedThreadPool(4)) {
            List<Future<StoreReport>> reports = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                List<OrderRow> mine = new ArrayList<>(writer % 2 == 0 ? pending : confirmed);
                java.util.Collections.shuffle(mine, new java.util.Random(writer));
                for (int from = 0; from < mine.size(); from += 50) {
                    List<OrderRow> batch = mine.subList(from, from + 50);
                    reports.add(writers.submit(() -> orders.storeAll(batch)));
                }
            }
            for (Future<StoreReport> report : reports) {
                assertThat(report.get().isClean()).isTrue();
            }
        }

        long expected = pending.stream().mapToLong(OrderRow::quantity).sum();
        assertThat(sold(product)).isEqualTo(expected).isEqualTo(confirmedQuantity(product));
    }

    @Test
    void recordsEachOrdersStockMovementsInTheInventoryLogOnce() {
        long product = productWithStock(10);
        OrderRow sale = order(product, OrderStatus.PENDING, 2);
        OrderRow released = order(product, OrderStatus.PENDING, 1);
        OrderRow reversed = order(product, OrderStatus.CONFIRMED, 3);
        orders.storeAll(List.of(sale, released, reversed));

        List<OrderRow> next = List.of(
                sale.confirmed(AT.plusSeconds(1)),
                released.cancelled("payment declined", AT.plusSeconds(1)),
                reversed.cancelled("refunded", AT.plusSeconds(1)));
        orders.storeAll(next);
        orders.storeAll(next);

        assertThat(movements(product))
                .containsExactlyInAnyOrder(
                        "order-" + sale.id() + "-hold " + InventoryLogKind.HOLD + " 2",
                        "order-" + sale.id() + "-sale " + InventoryLogKind.SALE + " 2",
                        "order-" + released.id() + "-hold " + InventoryLogKind.HOLD + " 1",
                        "order-" + released.id() + "-hold_released " + InventoryLogKind.HOLD_RELEASED + " 1",
                        "order-" + reversed.id() + "-sale " + InventoryLogKind.SALE + " 3",
                        "order-" + reversed.id() + "-cancelled " + InventoryLogKind.CANCELLED + " 3");
    }

    @Test
    void recordsARefusedOversellAsACancelledMovementAndNoSale() {
        long product = productWithStock(1);
        OrderRow fits = order(product, OrderStatus.CONFIRMED, 1);
        OrderRow oversells = order(product, OrderStatus.CONFIRMED, 1);

        orders.storeAll(List.of(fits, oversells));

        assertThat(movements(product))
                .containsExactlyInAnyOrder(
                        "order-" + fits.id() + "-sale " + InventoryLogKind.SALE + " 1",
                        "order-" + oversells.id() + "-cancelled " + InventoryLogKind.CANCELLED + " 1");
    }

    private static List<String> movements(long productId) {
        return new InventoryLogDao(database.primary())
                .forProduct(productId, 100).stream()
                        .filter(entry -> entry.orderId().isPresent())
                        .map(entry -> entry.operation() + " " + entry.kind() + " " + entry.quantity())
                        .toList();
    }

    @Test
    void loadsOnlyTheOrdersThatExist() {
        long product = productWithStock(10);
        OrderRow stored = order(product, OrderStatus.PENDING, 1);
        orders.store(stored);

        assertThat(orders.load(stored.id())).contains(stored);
        assertThat(orders.load(ORDER_IDS.incrementAndGet())).isEmpty();
        assertThat(orders.loadAll(List.of(stored.id(), -1L))).containsOnlyKeys(stored.id());
    }

    @Test
    void wrapsAnUnreachableDatabaseInAPersistenceException() {
        OrderDao unreachable = new OrderDao(Jdbi.create("jdbc:mysql://127.0.0.1:1/inventory?connectTimeout=500"));

        assertThatThrownBy(() -> unreachable.storeAll(List.of(order(1, OrderStatus.CONFIRMED, 1))))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("could not store order")
                .hasCauseInstanceOf(org.jdbi.v3.core.ConnectionException.class);
    }
}
