package dev.flashsale.persistence.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.product.ProductDao;
import dev.flashsale.persistence.product.StockTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times loading every product's stock totals from a catalogue of N products (1,000,000 by default), as the grid does
 * when it starts: once as one keyset stream, once as the map store pattern (all ids in keyset pages, then the totals
 * of each batch of ids). Prints the figures; asserts only that everything was loaded. Needs the local databases
 * ({@code scripts/db start}); the catalogue lives in a throwaway database that is dropped at the end.
 *
 * <p>Run it with Maven: {@code ./mvnw -pl persistence-mapstore verify -Dtest=StockTotalsLoadTiming
 * -Dsurefire.failIfNoSpecifiedTests=false -Dinventory.timing.products=1000000} (optionally
 * {@code -Dinventory.timing.pageSize=5000}), or call {@link #main} from the test jar with the product count and page
 * size as arguments.
 */
public final class StockTotalsLoadTiming {

    /** Measured figures of one run. */
    public record Figures(
            long products, int pageSize, double fillSeconds, double streamSeconds, double mapStoreSeconds) {
        @Override
        public String toString() {
            return ("%,d products, page size %,d: filled in %.1f s; streamed in %.2f s (%,.0f rows/s);"
                            + " loaded as keys then batches in %.2f s (%,.0f rows/s)")
                    .formatted(
                            products,
                            pageSize,
                            fillSeconds,
                            streamSeconds,
                            products / streamSeconds,
                            mapStoreSeconds,
                            products / mapStoreSeconds);
        }
    }

    public static void main(String[] arguments) throws Exception {
        long products = arguments.length > 0 ? Long.parseLong(arguments[0]) : 1_000_000;
        int pageSize = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 5_000;
        System.out.println(measure(products, pageSize));
    }

    public static Figures measure(long productCount, int pageSize) throws Exception {
        try (TestSchema schema = TestDatabases.createSchema("load_timing");
                Database database = schema.start()) {
            long started = System.nanoTime();
            ProductFixtures.insertBulkProducts(database.primary(), productCount);
            double fill = seconds(started);
            ProductDao products = new ProductDao(database.primary());

            started = System.nanoTime();
            AtomicLong streamed = new AtomicLong();
            AtomicLong available = new AtomicLong();
            try (Stream<StockTotals> totals = products.streamStockTotals(pageSize)) {
                totals.forEach(total -> {
                    streamed.incrementAndGet();
                    available.addAndGet(total.available());
                });
            }
            double stream = seconds(started);

            started = System.nanoTime();
            long loaded = 0;
            List<Long> batch = new ArrayList<>(pageSize);
            try (Stream<Long> ids = products.streamProductIds(pageSize)) {
                for (Long id : (Iterable<Long>) ids::iterator) {
                    batch.add(id);
                    if (batch.size() == pageSize) {
                        loaded += load(products, batch);
                    }
                }
            }
            loaded += load(products, batch);
            double mapStore = seconds(started);

            if (streamed.get() != productCount || loaded != productCount) {
                throw new IllegalStateException(
                        "loaded " + streamed + " and " + loaded + " stock totals of " + productCount);
            }
            return new Figures(productCount, pageSize, fill, stream, mapStore);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "inventory.timing.products", matches = "[0-9]+")
    void loadsEveryProductsStockTotals() throws Exception {
        long products = Long.parseLong(System.getProperty("inventory.timing.products"));
        int pageSize = Integer.parseInt(System.getProperty("inventory.timing.pageSize", "5000"));

        Figures figures = measure(products, pageSize);

        System.out.println("StockTotalsLoadTiming: " + figures);
        assertThat(figures.products()).isEqualTo(products);
    }

    private static long load(ProductDao products, List<Long> batch) {
        Map<Long, StockTotals> totals = products.stockTotals(batch);
        int size = batch.size();
        batch.clear();
        if (totals.size() != size) {
            throw new IllegalStateException("loaded " + totals.size() + " of " + size + " stock totals");
        }
        return size;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
