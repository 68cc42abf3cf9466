package dev.flashsale.persistence.catalogue;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The part of a replica's {@code SHOW REPLICA STATUS} that says whether it can be read. Immutable and thread-safe.
 *
 * @param ioRunning whether the thread that fetches the primary's changes runs ({@code Yes}, {@code No},
 *     {@code Connecting})
 * @param sqlRunning whether the thread that applies them runs
 * @param secondsBehind {@code Seconds_Behind_Master}; empty (NULL) when replication does not run
 * @param lastError the last replication error, or empty
 */
record ReplicationStatus(String ioRunning, String sqlRunning, OptionalLong secondsBehind, String lastError) {

    ReplicationStatus {
        Objects.requireNonNull(ioRunning, "ioRunning");
        Objects.requireNonNull(sqlRunning, "sqlRunning");
        Objects.requireNonNull(secondsBehind, "secondsBehind");
        Objects.requireNonNull(lastError, "lastError");
    }
}
