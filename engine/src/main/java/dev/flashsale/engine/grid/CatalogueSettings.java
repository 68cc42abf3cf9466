package dev.flashsale.engine.grid;

import java.time.Duration;
import java.util.Objects;

/**
 * How each member keeps the product catalogue ({@link InventoryMaps#PRODUCTS}) near: a near cache of at most {@code
 * nearCacheMaxEntries} products (least recently used ones leave first), each kept at most {@code nearCacheTimeToLive}.
 * A change to an entry invalidates every member's copy at once; the time to live only bounds how long a copy could
 * outlive an invalidation that was lost, or a product that was looked up before it existed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nearCacheMaxEntries products each member keeps near at most, at least 1
 * @param nearCacheTimeToLive how long a member keeps a product near at most, whole seconds, at least 1 s
 */
public record CatalogueSettings(int nearCacheMaxEntries, Duration nearCacheTimeToLive) {

    public static final CatalogueSettings DEFAULTS = new CatalogueSettings(100_000, Duration.ofSeconds(60));

    public CatalogueSettings {
        Objects.requireNonNull(nearCacheTimeToLive, "nearCacheTimeToLive");
        if (nearCacheMaxEntries < 1) {
            throw new IllegalArgumentException("nearCacheMaxEntries is at least 1: " + nearCacheMaxEntries);
        }
        if (nearCacheTimeToLive.toMillis() < 1_000 || nearCacheTimeToLive.toMillis() % 1_000 != 0) {
            throw new IllegalArgumentException(
                    "nearCacheTimeToLive is whole seconds, at least 1 (Hazelcast's unit): " + nearCacheTimeToLive);
        }
    }
}
