package dev.flashsale.persistence.product;

import dev.flashsale.persistence.internal.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A product as the {@code products} table holds it (its stock is in {@link StockTotals}).
 *
 * <p>Invariants: those of {@link NewProduct}, a positive id, timestamps at microsecond precision. Immutable and
 * thread-safe.
 */
public record ProductRow(
        long id,
        String sku,
        String name,
        Optional<String> description,
        BigDecimal price,
        OptionalInt perUserLimit,
        Instant createdAt,
        Instant updatedAt) {

    public ProductRow {
        if (id < 1) {
            throw new IllegalArgumentException("a product id is positive: " + id);
        }
        Texts.requireText("sku", sku, 64);
        Texts.requireText("name", name, 255);
        Objects.requireNonNull(description, "description");
        price = Texts.price(price);
        Objects.requireNonNull(perUserLimit, "perUserLimit");
        createdAt = Timestamps.stored(Objects.requireNonNull(createdAt, "createdAt"));
        updatedAt = Timestamps.stored(Objects.requireNonNull(updatedAt, "updatedAt"));
    }
}
