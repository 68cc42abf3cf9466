package dev.flashsale.persistence.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.tools.ProductFixtures;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code loadAllStockOnStart}, two members start with the stock of every product of a 20,000-product catalogue
 * loaded from {@code stock_totals} (received and sold as the database has them); products created later still load
 * when first touched.
 */
class StockLoadAtStartClusterTest {

    private static final int PRODUCTS = 20_000;

    private static TestSchema schema;
    private static SaleDatabase database;
    private static PersistentMembers members;
    private static Duration started;

    @BeforeAll
    static void startMembers() {
        schema = TestDatabases.createSchema("load_at_start");
        database = SaleDatabase.of(schema);
        long filling = System.nanoTime();
        ProductFixtures.insertBulkProducts(database.jdbi(), PRODUCTS);
        Duration filled = Duration.ofNanos(System.nanoTime() - filling);
        long starting = System.nanoTime();
        members = PersistentMembers.start(
                2,
                EngineSettings.DEFAULTS,
                PersistentMembers.fastPersistence().withLoadAllStockOnStart(true),
                schema.settings());
        started = Duration.ofNanos(System.nanoTime() - starting);
        System.out.printf(
                "load at start: %,d products filled in %d ms; 2 members started with all their stock in %d ms%n",
                PRODUCTS, filled.toMillis(), started.toMillis());
    }

    @AfterAll
    static void stopMembers() throws SQLException {
        if (members != null) {
            members.close();
        }
        schema.close();
    }

    @Test
    void startsWithTheStockOfEveryProductLoaded() {
        for (PersistentMembers.Member member : members.members()) {
            assertThat(member.hazelcast().getMap(InventoryMaps.STOCK).size()).isEqualTo(PRODUCTS);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        LongStream.generate(() -> random.nextLong(1, PRODUCTS + 1))
                .limit(200)
                .forEach(id -> assertThat(members.member(1).inventory().availability(id))
                        .contains(new Stock(
                                ProductFixtures.receivedOf(id),
                                ProductFixtures.receivedOf(id) - ProductFixtures.soldOf(id),
                                0,
                                ProductFixtures.soldOf(id))));

        long reloading = System.nanoTime();
        members.member(0).hazelcast().getMap(InventoryMaps.STOCK).loadAll(true);
        System.out.printf(
                "load at start: all %,d products loaded again (IMap.loadAll) in %d ms%n",
                PRODUCTS, Duration.ofNanos(System.nanoTime() - reloading).toMillis());
        assertThat(members.member(1).hazelcast().getMap(InventoryMaps.STOCK).size())
                .isEqualTo(PRODUCTS);
    }

    @Test
    void loadsAProductCreatedAfterTheStartWhenItIsFirstSold() {
        long product = database.createProduct(5);

        assertThat(members.member(0).inventory().buy(product, "carol", 1, OpId.random()))
                .isEqualTo(new Outcome.Sold(product, 1, 4));
        assertThat(members.member(1).inventory().availability(product)).contains(new Stock(5, 4, 0, 1));
    }
}
