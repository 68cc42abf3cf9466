package dev.flashsale.persistence.inventorylog;

import java.util.Objects;

/**
 * A log entry the database refused (for example for an unknown product), and why. Immutable and thread-safe.
 */
public record RejectedEntry(OperationId operation, String reason) {

    public RejectedEntry {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(reason, "reason");
    }
}
