package dev.flashsale.persistence.grid;

import dev.flashsale.persistence.PersistenceException;
import dev.flashsale.persistence.internal.SqlErrors;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The loaders' reads of the primary, failing fast while it is known to be unreachable. A read that cannot reach the
 * primary waits for the pool's connection timeout (seconds); during an outage every purchase of a product whose entry
 * must be loaded would wait that long before its 503. So after a read failed for want of a connection, reads fail at
 * once, with a {@link PersistenceException} that says so, for a pause ({@link #PAUSE}); then one read at a time tries the primary
 * again (the others still fail at once while it waits), and the first that succeeds ends the outage.
 *
 * <p>Only failures to reach the database count: a refused statement or a missing row says nothing about the primary's
 * health. Never the replica instead: a replica that lags could load stock that was sold already.
 *
 * <p>Thread-safe; one per member, shared by its loaders.
 */
final class PrimaryLoads {

    /** How long after a failed read the loaders do not try the primary. */
    static final Duration PAUSE = Duration.ofSeconds(2);

    private final Duration pause;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long unreachableUntilNanos;
    private volatile boolean unreachable;

    PrimaryLoads() {
        this(PAUSE);
    }

    PrimaryLoads(Duration pause) {
        this.pause = pause;
    }

    /** Runs {@code read}, named {@code what} in the failure, unless the primary is known to be unreachable. */
    <T> T read(String what, Supplier<T> read) {
        boolean probe = false;
        if (unreachable) {
            if (System.nanoTime() - unreachableUntilNanos < 0 || !probing.compareAndSet(false, true)) {
                throw new PersistenceException(
                        "could not " + what + ": the primary database was unreachable less than " + pause + " ago",
                        null);
            }
            probe = true;
        }
        try {
            T value = read.get();
            unreachable = false;
            return value;
        } catch (PersistenceException failure) {
            if (SqlErrors.isConnectionFailure(failure)) {
                unreachableUntilNanos = System.nanoTime() + pause.toNanos();
                unreachable = true;
            }
            throw failure;
        } finally {
            if (probe) {
                probing.set(false);
            }
        }
    }
}
