package dev.flashsale.api.product;

import dev.flashsale.engine.catalogue.CatalogueEntry;
import dev.flashsale.persistence.product.ProductRow;
import java.math.BigDecimal;

/**
 * A product as the API renders it: {@code GET /api/products/{id}}, each item of a catalogue page, and the answers of
 * the admin operations. {@code price} is a JSON number with exactly two decimals ({@code 24.90}); {@code description}
 * and {@code perUserLimit} are {@code null} when the product has none; {@code available} is what the grid has on sale
 * now.
 */
record ProductResponse(
        long id, String sku, String name, String description, BigDecimal price, long available, Integer perUserLimit) {

    static ProductResponse of(CatalogueEntry entry, long available) {
        return new ProductResponse(
                entry.id(),
                entry.sku(),
                entry.name(),
                entry.description().orElse(null),
                entry.price(),
                available,
                entry.perUserLimit().isPresent() ? entry.perUserLimit().getAsInt() : null);
    }

    static ProductResponse of(ProductRow row, long available) {
        return new ProductResponse(
                row.id(),
                row.sku(),
                row.name(),
                row.description().orElse(null),
                row.price(),
                available,
                row.perUserLimit().isPresent() ? row.perUserLimit().getAsInt() : null);
    }
}
