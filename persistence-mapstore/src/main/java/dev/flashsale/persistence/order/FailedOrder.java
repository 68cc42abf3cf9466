package dev.flashsale.persistence.order;

import java.util.Objects;

/**
 * An order that could not be stored at all, and why: the database refused its data (an unknown product, an
 * idempotency key the buyer already used for another order, a row that contradicts the stored order).
 *
 * <p>Immutable and thread-safe.
 */
public record FailedOrder(long orderId, String reason) {

    public FailedOrder {
        Objects.requireNonNull(reason, "reason");
    }
}
