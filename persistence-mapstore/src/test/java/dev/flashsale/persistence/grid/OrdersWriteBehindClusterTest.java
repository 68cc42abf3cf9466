package dev.flashsale.persistence.grid;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.order.OrderStatus;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.grid.Buyers.Sale;
import dev.flashsale.persistence.grid.PersistentMembers.Member;
import dev.flashsale.persistence.order.OrderRow;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Orders sold on two real members reach the real database through the write-behind store: every acknowledged sale
 * becomes exactly one CONFIRMED row, the stock totals equal the confirmed orders and the grid's own count, on a small
 * fixed number of connections; writing the same orders again changes nothing; and a product created in the database
 * is sold by the grid without being opened there, its stock and per-user limit loaded when first touched; a pending
 * order whose queued write was lost is written by the periodic sweep.
 */
class OrdersWriteBehindClusterTest {

    private static final int MEMBERS = 2;

    private static TestSchema schema;
    private static SaleDatabase database;
    private static long connectionsBeforeMembers;
    private static long maxUsedConnectionsBeforeMembers;
    private static PersistentMembers members;
    private static final Buyers buyers = new Buyers();

    @BeforeAll
    static void startMembers() {
        schema = TestDatabases.createSchema("write_behind");
        database = SaleDatabase.of(schema);
        connectionsBeforeMembers = database.globalStatus("Threads_connected");
        maxUsedConnectionsBeforeMembers = database.globalStatus("Max_used_connections");
        members = PersistentMembers.start(
                MEMBERS, EngineSettings.DEFAULTS, PersistentMembers.fastPersistence(), schema.settings());
    }

    @AfterAll
    static void stopMembers() throws SQLException {
        if (members != null) {
            members.close();
        }
        schema.close();
    }

    @Test
    void drainsEveryAcknowledgedSaleToTheDatabaseOnAFewConnections() {
        List<Long> products = database.createProducts(10, 300);
        Buyers.Run run;
        Duration selling;
        long pendingAfterSale;
        Duration drain;
        long peakConnections;
        try (SaleDatabase.ConnectionWatch connections = database.watchConnections()) {
            long started = System.nanoTime();
            run = buyers.run(200, 20, members.members(), products);
            selling = Duration.ofNanos(System.nanoTime() - started);
            pendingAfterSale = members.totalPending();
            drain = members.awaitDrained(Duration.ofSeconds(60));
            peakConnections = connections.peak();
        }

        long maxUsedConnections = database.globalStatus("Max_used_connections");
        System.out.printf(
                "drain: %d sales (%d sold out) in %d ms, %d pending right after, drained in %d ms;"
                        + " peak connections to the test database %d (%d members x pool %d),"
                        + " Max_used_connections %d (before the members: %d, %d connected)%n",
                run.acknowledged().size(),
                run.soldOut(),
                selling.toMillis(),
                pendingAfterSale,
                drain.toMillis(),
                peakConnections,
                MEMBERS,
                members.poolSize(),
                maxUsedConnections,
                maxUsedConnectionsBeforeMembers,
                connectionsBeforeMembers);
        assertThat(run.failures()).isEmpty();
        assertThat(run.acknowledged()).hasSize(3_000);
        assertThat(database.orderIds("CONFIRMED", products))
                .containsExactlyElementsOf(
                        run.acknowledged().stream().map(Sale::orderId).sorted().toList());
        assertThat(database.orderIds("CANCELLED", products)).isEmpty();
        Map<Long, Long> soldPerProduct =
                run.acknowledged().stream().collect(Collectors.groupingBy(Sale::productId, Collectors.counting()));
        for (long product : products) {
            SaleDatabase.Totals totals = database.totals(product);
            long gridSold = members.member(0)
                    .inventory()
                    .availability(product)
                    .orElseThrow()
                    .sold();
            assertThat(totals.sold())
                    .as("product %d: stock_totals.sold, confirmed quantity, acknowledged, grid sold", product)
                    .isEqualTo(totals.confirmedQuantity())
                    .isEqualTo(soldPerProduct.get(product))
                    .isEqualTo(gridSold)
                    .isEqualTo(300);
        }
        assertThat(peakConnections).isLessThanOrEqualTo((long) MEMBERS * members.poolSize());
        assertThat(maxUsedConnections)
                .isLessThanOrEqualTo(Math.max(
                        maxUsedConnectionsBeforeMembers,
                        connectionsBeforeMembers + (long) MEMBERS * members.poolSize() + 5));
        assertThat(members.counter("inventory.persistence.failures")).isZero();
        assertThat(members.counter("inventory.persistence.refused")).isZero();
    }

    @Test
    void writingTheSameOrdersAgainChangesNothing() {
        List<Long> products = database.createProducts(2, 40);
        Buyers.Run run = buyers.run(20, 5, members.members(), products);
        assertThat(run.acknowledged()).hasSize(80);
        members.awaitDrained(Duration.ofSeconds(30));
        Map<Long, OrderRow> stored = database.orders(products);
        Map<Long, SaleDatabase.Totals> totals =
                products.stream().collect(Collectors.toMap(Function.identity(), database::totals));
        Map<Long, Order> replay = new HashMap<>();
        for (Sale sale : run.acknowledged()) {
            Order current = members.member(0).orders().get(sale.orderId()).orElseThrow();
            assertThat(current.pending()).isFalse();
            replay.put(sale.orderId(), StaleOrders.pendingCopyOf(current));
        }

        for (Member member : members.members()) {
            member.orderStore().storeAll(replay);
            replay.values().forEach(order -> member.orderStore().store(order.id(), order));
            assertThat(member.persistence().flushOwnedPending()).isZero();
        }

        assertThat(database.orders(products)).isEqualTo(stored);
        assertThat(stored.values()).allMatch(row -> row.status().name().equals("CONFIRMED"));
        for (long product : products) {
            assertThat(database.totals(product)).isEqualTo(totals.get(product));
            assertThat(database.totals(product).sold()).isEqualTo(40);
        }
        assertThat(members.totalPending()).isZero();
        assertThat(members.counter("inventory.persistence.refused")).isZero();
        assertThat(members.counter("inventory.persistence.rejected")).isZero();
    }

    @Test
    void loadsAProductFromTheDatabaseWhenItIsFirstSold() {
        long product = database.createProduct(10, 2);
        Member first = members.member(0);
        Member second = members.member(1);

        assertThat(first.inventory().buy(product, "alice", 1, OpId.random()))
                .isEqualTo(new Outcome.Sold(product, 1, 9));
        assertThat(second.inventory().buy(product, "alice", 1, OpId.random()))
                .isEqualTo(new Outcome.Sold(product, 1, 8));
        assertThat(second.inventory().buy(product, "alice", 1, OpId.random())).isInstanceOf(Outcome.LimitReached.class);
        assertThat(first.inventory().buy(product, "bob", 1, OpId.random())).isEqualTo(new Outcome.Sold(product, 1, 7));

        assertThat(second.inventory().rules(product)).contains(new SaleRules(2));
        assertThat(first.inventory().availability(product)).contains(new Stock(10, 7, 0, 3));
        assertThat(first.inventory().buy(999_999, "alice", 1, OpId.random()))
                .isEqualTo(new Outcome.UnknownProduct(999_999));
    }

    @Test
    void writesAPendingOrderWhoseQueuedWriteWasLostOnceItIsOld() {
        long product = database.createProduct(10);
        Buyers.Run run = buyers.run(1, 1, members.members(), List.of(product));
        members.awaitDrained(Duration.ofSeconds(30));
        long orderId = run.acknowledged().getFirst().orderId() + 1_000_000;
        Order lost = Order.placed(
                orderId, "dave", product, 1, OrderStatus.CONFIRMED, "key-lost", System.currentTimeMillis());

        // In the grid and pending, but never queued for the database: as if its write-behind entry had been lost.
        members.member(0).hazelcast().<Long, Order>getMap(InventoryMaps.ORDERS).putTransient(orderId, lost, 0, SECONDS);
        assertThat(members.totalPending()).isEqualTo(1);

        Duration swept = members.awaitDrained(Duration.ofSeconds(30));
        System.out.printf(
                "sweep: an order without a queued write reached the database after %d ms%n", swept.toMillis());
        assertThat(database.orderIds("CONFIRMED", List.of(product)))
                .containsExactly(run.acknowledged().getFirst().orderId(), orderId);
        assertThat(database.totals(product).sold()).isEqualTo(2);
    }
}
