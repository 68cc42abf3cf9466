package dev.flashsale.persistence.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.order.OrderStatus;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.grid.Buyers.Sale;
import dev.flashsale.persistence.order.OrderDao;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database's CHECK ({@code sold <= received}) refuses what the grid sold beyond the database's stock: a smaller
 * {@code received} written behind the grid's back, after the grid loaded the product. Each refused order ends
 * CANCELLED with the database's reason in the database and in the grid, its unit goes back on sale in the grid exactly
 * once, and the refusal is counted once — also when the refused order is written again long after, when the product
 * no longer remembers the give-back's op id.
 */
class OversellRefusalClusterTest {

    private static final int GRID_STOCK = 100;
    private static final int DATABASE_STOCK = 60;

    /**
     * Products forget an operation after 13 s, so that a late replay finds the give-back forgotten. That is as short as
     * the engine allows for a call deadline of 5 s (a deadline of 1 s failed buys on a machine at load average 16).
     */
    private static final EngineSettings SHORT_OP_MEMORY = EngineSettings.DEFAULTS
            .withClaimGrace(Duration.ofSeconds(6), Duration.ofSeconds(5))
            .withReapInterval(Duration.ofMillis(200))
            .withOpMemory(262_144, Duration.ofSeconds(13));

    private static TestSchema schema;
    private static SaleDatabase database;
    private static PersistentMembers members;

    @BeforeAll
    static void startMembers() {
        schema = TestDatabases.createSchema("oversell");
        database = SaleDatabase.of(schema);
        members = PersistentMembers.start(2, SHORT_OP_MEMORY, PersistentMembers.fastPersistence(), schema.settings());
    }

    @AfterAll
    static void stopMembers() throws SQLException {
        if (members != null) {
            members.close();
        }
        schema.close();
    }

    @Test
    void cancelsWhatTheDatabaseRefusesAndPutsItsUnitsBackOnSaleOnce() {
        long product = database.createProduct(GRID_STOCK);
        assertThat(members.member(0).inventory().availability(product))
                .contains(new Stock(GRID_STOCK, GRID_STOCK, 0, 0));
        database.execute("UPDATE stock_totals SET received = " + DATABASE_STOCK + " WHERE product_id = " + product);

        Buyers.Run run = new Buyers().run(GRID_STOCK, 1, members.members(), List.of(product));
        Duration drain = members.awaitDrained(Duration.ofSeconds(60));

        List<Long> confirmed = database.orderIds("CONFIRMED", List.of(product));
        List<Long> cancelled = database.orderIds("CANCELLED", List.of(product));
        System.out.printf(
                "oversell: %d sales acknowledged by the grid, %d confirmed and %d refused by the database,"
                        + " drained in %d ms%n",
                run.acknowledged().size(), confirmed.size(), cancelled.size(), drain.toMillis());
        assertThat(run.acknowledged()).hasSize(GRID_STOCK);
        assertThat(confirmed).hasSize(DATABASE_STOCK);
        assertThat(cancelled).hasSize(GRID_STOCK - DATABASE_STOCK);
        assertThat(Stream.concat(confirmed.stream(), cancelled.stream()).sorted())
                .containsExactlyElementsOf(
                        run.acknowledged().stream().map(Sale::orderId).sorted().toList());
        Map<Long, String> reasons = database.cancelReasons();
        cancelled.forEach(id -> assertThat(reasons.get(id)).isEqualTo(OrderDao.OVERSELL_REASON));
        for (long id : cancelled) {
            Order inGrid = members.member(0).orders().get(id).orElseThrow();
            assertThat(inGrid.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(inGrid.cancelReason()).isEqualTo(OrderDao.OVERSELL_REASON);
            assertThat(inGrid.pending()).isFalse();
        }
        for (long id : confirmed) {
            assertThat(members.member(1).orders().get(id).orElseThrow().status())
                    .isEqualTo(OrderStatus.CONFIRMED);
        }
        SaleDatabase.Totals totals = database.totals(product);
        assertThat(totals.sold()).isEqualTo(totals.confirmedQuantity()).isEqualTo(DATABASE_STOCK);
        assertThat(totals.received()).isEqualTo(DATABASE_STOCK);
        Stock expected = new Stock(GRID_STOCK, GRID_STOCK - DATABASE_STOCK, 0, DATABASE_STOCK);
        assertThat(members.member(1).inventory().availability(product)).contains(expected);
        assertThat(members.counter("inventory.persistence.refused")).isEqualTo(GRID_STOCK - DATABASE_STOCK);

        // Later, a stale copy of each refused order (CONFIRMED, pending: as a write-behind queue held it) is written
        // again, after the product has forgotten the op ids of the give-backs (a product forgets old operations when
        // it remembers a new one: here a restock of one unit).
        PersistentMembers.sleep(SHORT_OP_MEMORY.opMemoryAge().plusSeconds(1).toMillis());
        members.member(0).inventory().restock(product, 1, OpId.random());
        Map<Long, Order> stale = new HashMap<>();
        for (long id : cancelled) {
            Order inGrid = members.member(0).orders().get(id).orElseThrow();
            stale.put(
                    id,
                    Order.placed(
                            id,
                            inGrid.buyerId(),
                            product,
                            1,
                            OrderStatus.CONFIRMED,
                            inGrid.idempotencyKey(),
                            inGrid.createdAtMillis()));
        }
        List<Long> touch = new ArrayList<>(stale.keySet());
        members.member(0).orderStore().storeAll(stale);
        members.member(1).orderStore().store(touch.getFirst(), stale.get(touch.getFirst()));
        members.awaitDrained(Duration.ofSeconds(30));

        assertThat(members.member(0).inventory().availability(product))
                .contains(new Stock(GRID_STOCK + 1, GRID_STOCK - DATABASE_STOCK + 1, 0, DATABASE_STOCK));
        assertThat(database.orderIds("CANCELLED", List.of(product))).isEqualTo(cancelled);
        assertThat(database.totals(product)).isEqualTo(totals);
        assertThat(members.counter("inventory.persistence.refused")).isEqualTo(GRID_STOCK - DATABASE_STOCK);
    }
}
