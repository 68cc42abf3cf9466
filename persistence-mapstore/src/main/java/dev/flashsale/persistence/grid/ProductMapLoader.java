package dev.flashsale.persistence.grid;

import com.hazelcast.map.MapLoader;
import dev.flashsale.engine.catalogue.CatalogueEntry;
import dev.flashsale.persistence.product.ProductDao;
import dev.flashsale.persistence.product.ProductRow;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads a product's catalogue entry into the grid ({@code inventory.products}) from the primary's {@code products}
 * table the first time any member asks for it; from then on the grid, and each member's near cache, answer. An
 * unknown product loads nothing. The map is never written through this loader: a product created or changed in the
 * database is published to the grid by {@link CatalogueAdmin}. Thread-safe.
 */
public final class ProductMapLoader implements MapLoader<Long, CatalogueEntry> {

    private final ProductDao products;
    private final PrimaryLoads primary;

    ProductMapLoader(ProductDao products, PrimaryLoads primary) {
        this.products = Objects.requireNonNull(products, "products");
        this.primary = Objects.requireNonNull(primary, "primary");
    }

    @Override
    public CatalogueEntry load(Long productId) {
        return find(productId).map(ProductMapLoader::entry).orElse(null);
    }

    @Override
    public Map<Long, CatalogueEntry> loadAll(Collection<Long> productIds) {
        Map<Long, CatalogueEntry> entries = new HashMap<>();
        for (Long productId : productIds) {
            find(productId).ifPresent(row -> entries.put(productId, entry(row)));
        }
        return entries;
    }

    private Optional<ProductRow> find(long productId) {
        return primary.read("find product " + productId, () -> products.findById(productId));
    }

    /** No eager load: a product is read when it is first asked for. */
    @Override
    public Iterable<Long> loadAllKeys() {
        return List.of();
    }

    /** The grid's entry for a catalogue row. */
    static CatalogueEntry entry(ProductRow row) {
        return new CatalogueEntry(row.id(), row.sku(), row.name(), row.description(), row.price(), row.perUserLimit());
    }
}
