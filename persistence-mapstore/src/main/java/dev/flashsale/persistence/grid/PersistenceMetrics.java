package dev.flashsale.persistence.grid;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;

/**
 * The persistence metrics of one member:
 *
 * <ul>
 *   <li>{@code inventory.persistence.pending}: orders this member owns that the database does not have yet (0 on
 *       every member means the database is complete);
 *   <li>{@code inventory.persistence.lag}: age in seconds of the oldest of them;
 *   <li>{@code inventory.persistence.failures}: batches the database failed to take (outage, timeout);
 *   <li>{@code inventory.persistence.refused}: orders the database refused as an oversell, cancelled and given back;
 *   <li>{@code inventory.persistence.rejected}: orders the database could not store at all (reported, kept pending).
 * </ul>
 *
 * Thread-safe.
 */
public final class PersistenceMetrics {

    private final Counter failures;
    private final Counter refused;
    private final Counter rejected;

    PersistenceMetrics(MeterRegistry registry, LongSupplier pending, LongSupplier lagSeconds) {
        // Strong references: Micrometer holds a gauge's state weakly, and these suppliers are referenced nowhere else —
        // collected, the gauges would read NaN.
        Gauge.builder("inventory.persistence.pending", pending, supplier -> supplier.getAsLong())
                .description("orders this member holds that the database does not have yet")
                .strongReference(true)
                .register(registry);
        Gauge.builder("inventory.persistence.lag", lagSeconds, supplier -> supplier.getAsLong())
                .description("age of the oldest order this member holds that the database does not have yet")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
        failures = Counter.builder("inventory.persistence.failures")
                .description("order batches the database failed to take; retried with backoff")
                .register(registry);
        refused = Counter.builder("inventory.persistence.refused")
                .description("orders the database refused as an oversell; cancelled and their units given back")
                .register(registry);
        rejected = Counter.builder("inventory.persistence.rejected")
                .description("orders the database could not store; kept pending and reported")
                .register(registry);
    }

    void failure() {
        failures.increment();
    }

    void refused(int count) {
        refused.increment(count);
    }

    void rejected(int count) {
        rejected.increment(count);
    }
}
