package dev.flashsale.persistence.grid;

import com.hazelcast.map.MapLoader;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.persistence.product.ProductDao;
import dev.flashsale.persistence.product.ProductRow;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Loads a product's rules of sale (its per-user limit) from the catalogue when the grid first needs them. Thread-safe. */
public final class RulesMapLoader implements MapLoader<Long, SaleRules> {

    private final ProductDao products;
    private final PrimaryLoads primary;

    RulesMapLoader(ProductDao products, PrimaryLoads primary) {
        this.products = Objects.requireNonNull(products, "products");
        this.primary = Objects.requireNonNull(primary, "primary");
    }

    @Override
    public SaleRules load(Long productId) {
        return find(productId).map(RulesMapLoader::rules).orElse(null);
    }

    @Override
    public Map<Long, SaleRules> loadAll(Collection<Long> productIds) {
        Map<Long, SaleRules> rules = new HashMap<>();
        for (Long productId : productIds) {
            find(productId).ifPresent(row -> rules.put(productId, rules(row)));
        }
        return rules;
    }

    private Optional<ProductRow> find(long productId) {
        return primary.read("find product " + productId, () -> products.findById(productId));
    }

    /** No eager load: rules are read when a product is first sold. */
    @Override
    public Iterable<Long> loadAllKeys() {
        return List.of();
    }

    private static SaleRules rules(ProductRow row) {
        return new SaleRules(row.perUserLimit().orElse(0));
    }
}
