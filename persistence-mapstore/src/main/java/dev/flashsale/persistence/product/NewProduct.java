package dev.flashsale.persistence.product;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A product to create, with the stock it starts with.
 *
 * <p>Invariants: a SKU of 1 to 64 characters and a name of 1 to 255; a positive price with at most 2 decimals (kept at
 * scale 2); initial stock of 0 or more; a per-user limit of at least 1 when there is one. Immutable and thread-safe.
 */
public record NewProduct(
        String sku,
        String name,
        Optional<String> description,
        BigDecimal price,
        int initialStock,
        OptionalInt perUserLimit) {

    public NewProduct {
        Texts.requireText("sku", sku, 64);
        Texts.requireText("name", name, 255);
        Objects.requireNonNull(description, "description");
        price = Texts.price(price);
        if (initialStock < 0) {
            throw new IllegalArgumentException("initial stock is 0 or more: " + initialStock);
        }
        Objects.requireNonNull(perUserLimit, "perUserLimit");
        if (perUserLimit.isPresent() && perUserLimit.getAsInt() < 1) {
            throw new IllegalArgumentException("a per-user limit is at least 1: " + perUserLimit);
        }
    }

    /** A product without description or per-user limit. */
    public static NewProduct of(String sku, String name, BigDecimal price, int initialStock) {
        return new NewProduct(sku, name, Optional.empty(), price, initialStock, OptionalInt.empty());
    }
}
