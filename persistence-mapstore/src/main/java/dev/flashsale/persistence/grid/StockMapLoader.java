package dev.flashsale.persistence.grid;

import com.hazelcast.map.MapLoader;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.internal.StockRecord;
import dev.flashsale.persistence.product.ProductDao;
import dev.flashsale.persistence.product.StockTotals;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Loads products' stock into the grid from the database's stock totals: units received and sold are the database's,
 * nothing is held (holds live only in the grid). Loads on demand, one product when first touched, and — when
 * {@code loadAllOnStart} — every product at start-up, its ids streamed from the database in keyset pages.
 *
 * <p>The stock map is never written through this loader: the database's totals move with the orders that
 * {@link OrderMapStore} writes. Thread-safe.
 */
public final class StockMapLoader implements MapLoader<Long, StockRecord> {

    private static final int PAGE = 5_000;

    private final ProductDao products;
    private final EngineSettings engine;
    private final boolean loadAllOnStart;
    private final PrimaryLoads primary;

    StockMapLoader(ProductDao products, EngineSettings engine, boolean loadAllOnStart, PrimaryLoads primary) {
        this.products = Objects.requireNonNull(products, "products");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.loadAllOnStart = loadAllOnStart;
        this.primary = Objects.requireNonNull(primary, "primary");
    }

    @Override
    public StockRecord load(Long productId) {
        return primary.read("read the stock of product " + productId, () -> products.stockTotals(productId))
                .map(this::record)
                .orElse(null);
    }

    @Override
    public Map<Long, StockRecord> loadAll(Collection<Long> productIds) {
        return primary
                .read("read the stock of " + productIds.size() + " products", () -> products.stockTotals(productIds))
                .values()
                .stream()
                .collect(Collectors.toMap(StockTotals::productId, this::record));
    }

    /** Every product id when loading all at start-up; none otherwise (products then load when first touched). */
    @Override
    public Iterable<Long> loadAllKeys() {
        if (!loadAllOnStart) {
            return List.of();
        }
        return () -> products.streamProductIds(PAGE).iterator();
    }

    private StockRecord record(StockTotals totals) {
        return StockRecord.loaded(
                totals.productId(),
                totals.received(),
                totals.sold(),
                engine.opMemoryCount(),
                engine.opMemoryAge().toMillis());
    }
}
