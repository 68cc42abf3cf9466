package dev.flashsale.persistence.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.tools.ProductFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times two members starting with the stock of a catalogue of N products loaded from the database ({@code
 * loadAllStockOnStart}, Hazelcast's EAGER initial load through {@link StockMapLoader}). Prints the figures; asserts
 * only that every product was loaded. Runs when asked:
 *
 * <p>{@code ./mvnw -pl persistence-mapstore verify -Dtest=GridStockLoadTiming -Dsurefire.failIfNoSpecifiedTests=false
 * -Dinventory.timing.gridProducts=1000000}
 */
class GridStockLoadTiming {

    @Test
    @EnabledIfSystemProperty(named = "inventory.timing.gridProducts", matches = "[0-9]+")
    void startsTwoMembersWithEveryProductsStockLoaded() throws Exception {
        int products = Integer.parseInt(System.getProperty("inventory.timing.gridProducts"));
        try (TestSchema schema = TestDatabases.createSchema("grid_load_timing")) {
            SaleDatabase database = SaleDatabase.of(schema);
            long filling = System.nanoTime();
            ProductFixtures.insertBulkProducts(database.jdbi(), products);
            double filled = seconds(filling);

            long starting = System.nanoTime();
            try (PersistentMembers members = PersistentMembers.start(
                    2,
                    EngineSettings.DEFAULTS,
                    PersistentMembers.fastPersistence().withLoadAllStockOnStart(true),
                    schema.settings())) {
                double started = seconds(starting);
                int loaded = members.member(0)
                        .hazelcast()
                        .getMap(InventoryMaps.STOCK)
                        .size();
                Runtime runtime = Runtime.getRuntime();
                System.gc();
                long heapMiB = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
                System.out.printf(
                        "GridStockLoadTiming: %,d products (filled in %.1f s); 2 members started with all their stock"
                                + " loaded in %.1f s (%,.0f products/s); heap used by both members %,d MiB%n",
                        products, filled, started, products / started, heapMiB);
                assertThat(loaded).isEqualTo(products);
            }
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
