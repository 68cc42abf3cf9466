package dev.flashsale.engine.catalogue;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the grid knows of a product beside its stock: what a buyer reads about it. The grid loads it from the
 * database's catalogue when a product is first asked for, and every member keeps a near-cached copy, so that a product
 * page is answered without the database.
 *
 * <p>Invariants: a positive id; a SKU and a name that are not blank; a positive price with at most 2 decimals, kept at
 * scale 2 (so {@code 9.9} is held and rendered as {@code 9.90}); a per-user limit of at least 1 when there is one.
 *
 * <p>Immutable and thread-safe. Pure: no grid, framework or database types.
 */
public record CatalogueEntry(
        long id, String sku, String name, Optional<String> description, BigDecimal price, OptionalInt perUserLimit) {

    public CatalogueEntry {
        if (id < 1) {
            throw new IllegalArgumentException("a product id is positive: " + id);
        }
        if (sku == null || sku.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("a product has a SKU and a name: '" + sku + "', '" + name + "'");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(price, "price");
        if (price.signum() <= 0 || price.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("a price is positive with at most 2 decimals: " + price);
        }
        price = price.setScale(2);
        Objects.requireNonNull(perUserLimit, "perUserLimit");
        if (perUserLimit.isPresent() && perUserLimit.getAsInt() < 1) {
            throw new IllegalArgumentException("a per-user limit is at least 1: " + perUserLimit);
        }
    }
}
