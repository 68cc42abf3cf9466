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
 */
public record PersistenceSettings(
        Duration writeDelay,
        int writeBatchSize,
        boolean loadAllStockOnStart,
        Duration sweepInterval,
        Duration sweepAge,
        Duration maxBackoff) {

    public static final PersistenceSettings DEFAULTS = new PersistenceSettings(
            Duration.ofSeconds(1), 500, false, Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10));

    public PersistenceSettings {
        Objects.requireNonNull(writeDelay, "writeDelay");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        Objects.requireNonNull(sweepAge, "sweepAge");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
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

    public PersistenceSettings withSweep(Duration interval, Duration age) {
        return new PersistenceSettings(writeDelay, writeBatchSize, loadAllStockOnStart, interval, age, maxBackoff);
    }

    public PersistenceSettings withLoadAllStockOnStart(boolean loadAll) {
        return new PersistenceSettings(writeDelay, writeBatchSize, loadAll, sweepInterval, sweepAge, maxBackoff);
    }
}
