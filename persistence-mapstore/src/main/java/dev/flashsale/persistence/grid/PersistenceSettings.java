package dev.flashsale.persistence.grid;

import java.time.Duration;
import java.util.Objects;

/**
 * How the grid persists to the database.
 *
 * @param writeDelay how long an order waits in the write-behind queue, gathering a batch
 * @param writeBatchSize orders per batch at most
 * @param loadAllStockOnStart load every product's stock at start-up ({@code EAGER}); otherwise each on first touch
 * @param sweepInterval how often each member writes again the pending orders it owns that waited too long
 * @param sweepAge how long an order may stay pending before the sweeper writes it itself; well above writeDelay
 * @param maxBackoff the longest wait between two attempts while the database fails
 * @param rewriteWindow after the primary moved (a failover to the promoted replica), each member writes again every
 *     order it owns that changed within this window, persisted or not: the old primary may have committed them without
 *     shipping them to the replica. It must exceed the replica's lag at the old primary's death plus the time the
 *     switch took; the default is 120 s
 */
public record PersistenceSettings(
        Duration writeDelay,
        int writeBatchSize,
        boolean loadAllStockOnStart,
        Duration sweepInterval,
        Duration sweepAge,
        Duration maxBackoff,
        Duration rewriteWindow) {

    public static final PersistenceSettings DEFAULTS = new PersistenceSettings(
            Duration.ofSeconds(1),
            500,
            false,
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            Duration.ofSeconds(10),
            Duration.ofSeconds(120));

    public PersistenceSettings {
        Objects.requireNonNull(writeDelay, "writeDelay");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        Objects.requireNonNull(sweepAge, "sweepAge");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (rewriteWindow == null || rewriteWindow.isNegative()) {
            throw new IllegalArgumentException("rewriteWindow must be zero or positive: " + rewriteWindow);
        }
        if (writeDelay.toSeconds() < 1 || writeBatchSize < 1) {
            throw new IllegalArgumentException(
                    "writeDelay is whole seconds >= 1 (Hazelcast's unit), writeBatchSize >= 1: " + writeDelay + ", "
                            + writeBatchSize);
        }
        if (sweepAge.compareTo(writeDelay.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("sweepAge (" + sweepAge + ") must be at least three write delays ("
                    + writeDelay.multipliedBy(3) + "), or the sweeper races the write-behind queue");
        }
    }

    /** Settings with the default {@code rewriteWindow}. */
    public PersistenceSettings(
            Duration writeDelay,
            int writeBatchSize,
            boolean loadAllStockOnStart,
            Duration sweepInterval,
            Duration sweepAge,
            Duration maxBackoff) {
        this(
                writeDelay,
                writeBatchSize,
                loadAllStockOnStart,
                sweepInterval,
                sweepAge,
                maxBackoff,
                Duration.ofSeconds(120));
    }

    public PersistenceSettings withSweep(Duration interval, Duration age) {
        return new PersistenceSettings(
                writeDelay, writeBatchSize, loadAllStockOnStart, interval, age, maxBackoff, rewriteWindow);
    }

    public PersistenceSettings withLoadAllStockOnStart(boolean loadAll) {
        return new PersistenceSettings(
                writeDelay, writeBatchSize, loadAll, sweepInterval, sweepAge, maxBackoff, rewriteWindow);
    }

    public PersistenceSettings withRewriteWindow(Duration window) {
        return new PersistenceSettings(
                writeDelay, writeBatchSize, loadAllStockOnStart, sweepInterval, sweepAge, maxBackoff, window);
    }
}
