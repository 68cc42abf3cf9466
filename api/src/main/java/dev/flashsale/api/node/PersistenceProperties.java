package dev.flashsale.api.node;

import dev.flashsale.persistence.grid.PersistenceSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the node's member persists to the database, bound from {@code inventory.persistence.*}; each setting left out
 * takes the default of {@link PersistenceSettings#DEFAULTS}, which also validates the result.
 *
 * @param writeDelay {@code inventory.persistence.write-delay}, default 1s
 * @param writeBatchSize {@code inventory.persistence.write-batch-size}, default 500
 * @param loadAllStockOnStart {@code inventory.persistence.load-all-stock-on-start}: load every product's stock when
 *     the cluster starts ({@code EAGER}) instead of on first touch, default false
 * @param sweepInterval {@code inventory.persistence.sweep-interval}, default 5s
 * @param sweepAge {@code inventory.persistence.sweep-age}, default 15s
 * @param maxBackoff {@code inventory.persistence.max-backoff}, default 10s
 * @param rewriteWindow {@code inventory.persistence.rewrite-window}: after a failover, orders changed this recently
 *     are written again to the new primary, default 120s
 */
@ConfigurationProperties("inventory.persistence")
record PersistenceProperties(
        Duration writeDelay,
        Integer writeBatchSize,
        Boolean loadAllStockOnStart,
        Duration sweepInterval,
        Duration sweepAge,
        Duration maxBackoff,
        Duration rewriteWindow) {

    PersistenceSettings toSettings() {
        PersistenceSettings defaults = PersistenceSettings.DEFAULTS;
        return new PersistenceSettings(
                or(writeDelay, defaults.writeDelay()),
                or(writeBatchSize, defaults.writeBatchSize()),
                or(loadAllStockOnStart, defaults.loadAllStockOnStart()),
                or(sweepInterval, defaults.sweepInterval()),
                or(sweepAge, defaults.sweepAge()),
                or(maxBackoff, defaults.maxBackoff()),
                or(rewriteWindow, defaults.rewriteWindow()));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
