package dev.flashsale.persistence;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HikariCP's meters for the primary's pool across switches. Every pool of the primary carries the same name, so its
 * meters have the same ids; a pool that closes removes its meters by id, which would also remove those of the pool
 * that replaced it. So the meters of the pool being replaced are removed at the switch ({@link #detachCurrent}), and
 * its later close removes nothing.
 *
 * <p>Thread-safe.
 */
final class PrimaryPoolMetrics implements MetricsTrackerFactory {

    private final MetricsTrackerFactory delegate;
    private final AtomicReference<DetachableTracker> current = new AtomicReference<>();

    PrimaryPoolMetrics(MetricsTrackerFactory delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public IMetricsTracker create(String poolName, PoolStats poolStats) {
        DetachableTracker tracker = new DetachableTracker(delegate.create(poolName, poolStats));
        current.set(tracker);
        return tracker;
    }

    /** Removes the meters of the pool that reports now; its tracker records nothing more. */
    void detachCurrent() {
        DetachableTracker tracker = current.getAndSet(null);
        if (tracker != null) {
            tracker.close();
        }
    }

    private static final class DetachableTracker implements IMetricsTracker {

        private final IMetricsTracker delegate;
        private final AtomicBoolean closed = new AtomicBoolean();

        DetachableTracker(IMetricsTracker delegate) {
            this.delegate = delegate;
        }

        @Override
        public void recordConnectionCreatedMillis(long millis) {
            if (!closed.get()) {
                delegate.recordConnectionCreatedMillis(millis);
            }
        }

        @Override
        public void recordConnectionAcquiredNanos(long nanos) {
            if (!closed.get()) {
                delegate.recordConnectionAcquiredNanos(nanos);
            }
        }

        @Override
        public void recordConnectionUsageMillis(long millis) {
            if (!closed.get()) {
                delegate.recordConnectionUsageMillis(millis);
            }
        }

        @Override
        public void recordConnectionTimeout() {
            if (!closed.get()) {
                delegate.recordConnectionTimeout();
            }
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                delegate.close();
            }
        }
    }
}
