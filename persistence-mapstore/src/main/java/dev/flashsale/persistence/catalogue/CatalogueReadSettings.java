package dev.flashsale.persistence.catalogue;

import java.time.Duration;

/**
 * When catalogue reads leave the replica for the primary.
 *
 * <p>Invariants: {@code maxLag} is zero or more and {@code checkInterval} is positive. Immutable and thread-safe.
 *
 * @param maxLag how far the replica may be behind the primary ({@code Seconds_Behind_Master}) and still be read
 * @param checkInterval how often the replica's state is checked, at most
 */
public record CatalogueReadSettings(Duration maxLag, Duration checkInterval) {

    public CatalogueReadSettings {
        if (maxLag == null || maxLag.isNegative()) {
            throw new IllegalArgumentException("maxLag must be zero or more: " + maxLag);
        }
        if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("checkInterval must be positive: " + checkInterval);
        }
    }

    /** Replica up to 5 s behind, checked at most once a second. */
    public static CatalogueReadSettings defaults() {
        return new CatalogueReadSettings(Duration.ofSeconds(5), Duration.ofSeconds(1));
    }
}
