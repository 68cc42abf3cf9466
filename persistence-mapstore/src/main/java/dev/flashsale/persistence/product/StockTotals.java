package dev.flashsale.persistence.product;

import dev.flashsale.persistence.internal.Timestamps;
import java.time.Instant;
import java.util.Objects;

/**
 * What the database knows of a product's stock: received in total and sold (the quantity of its CONFIRMED orders).
 * The grid is the authority while it runs; these totals are what it is loaded from and what an audit reads.
 *
 * <p>Invariant: {@code 0 <= sold <= received}, as the table's constraints also enforce. Immutable and thread-safe.
 */
public record StockTotals(long productId, long received, long sold, Instant updatedAt) {

    public StockTotals {
        if (productId < 1) {
            throw new IllegalArgumentException("a product id is positive: " + productId);
        }
        if (sold < 0 || sold > received) {
            throw new IllegalArgumentException(
                    "stock of product %d: sold %d of %d received".formatted(productId, sold, received));
        }
        updatedAt = Timestamps.stored(Objects.requireNonNull(updatedAt, "updatedAt"));
    }

    /** Received and not sold. */
    public long available() {
        return received - sold;
    }
}
