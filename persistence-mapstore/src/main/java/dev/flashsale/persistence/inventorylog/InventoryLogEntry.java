package dev.flashsale.persistence.inventorylog;

import dev.flashsale.persistence.internal.Timestamps;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One stock operation in the inventory log.
 *
 * <p>Invariants: a positive product id and quantity; an order id, when present, is positive; the time is kept at the
 * microsecond precision of the table. Immutable and thread-safe.
 */
public record InventoryLogEntry(
        OperationId operation,
        long productId,
        InventoryLogKind kind,
        int quantity,
        OptionalLong orderId,
        Instant createdAt) {

    public InventoryLogEntry {
        Objects.requireNonNull(operation, "operation");
        if (productId < 1) {
            throw new IllegalArgumentException("a product id is positive: " + productId);
        }
        Objects.requireNonNull(kind, "kind");
        if (quantity < 1) {
            throw new IllegalArgumentException("a logged quantity is at least 1: " + quantity);
        }
        Objects.requireNonNull(orderId, "orderId");
        if (orderId.isPresent() && orderId.getAsLong() < 1) {
            throw new IllegalArgumentException("an order id is positive: " + orderId);
        }
        createdAt = Timestamps.stored(Objects.requireNonNull(createdAt, "createdAt"));
    }
}
