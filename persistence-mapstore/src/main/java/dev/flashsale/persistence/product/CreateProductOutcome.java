package dev.flashsale.persistence.product;

import java.util.Objects;

/** What {@link ProductDao#create} did. Immutable and thread-safe. */
public sealed interface CreateProductOutcome {

    /** The product and its stock totals are stored. */
    record Created(ProductRow product, StockTotals stock) implements CreateProductOutcome {
        public Created {
            Objects.requireNonNull(product, "product");
            Objects.requireNonNull(stock, "stock");
        }
    }

    /** Another product has this SKU (SKUs compare case-insensitively); nothing was stored. */
    record DuplicateSku(String sku) implements CreateProductOutcome {
        public DuplicateSku {
            Objects.requireNonNull(sku, "sku");
        }
    }
}
