package dev.flashsale.api.monitoring;

import dev.flashsale.persistence.grid.PersistenceGrid;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The writes this member still owes the database, shown as {@code persistence} under {@code /actuator/health}: {@code
 * pending}, the orders it owns that the database does not have yet ({@link PersistenceGrid#pendingOwnedHere()}, the
 * gauge {@code inventory.persistence.pending}), and {@code lagSeconds}, the age of the oldest of them ({@link
 * PersistenceGrid#lagSeconds()}).
 *
 * <p>Always UP: the figures are for people and dashboards, not a verdict. Pending writes are how this design rides out
 * a database outage — sales continue, each acknowledged order is held in the grid with a synchronous backup, and the
 * write-behind drains the backlog once the primary is back. A node reported unhealthy for a backlog would be taken out
 * by the load balancer and {@code scripts/up} while it is still selling correctly, and every node would have the same
 * backlog at once; so the backlog is shown here and alerted on from the metrics ({@code inventory.persistence.lag}),
 * never folded into the node's status.
 *
 * <p>The figures are computed at most once per {@link #MAX_AGE} (a local query over this member's orders) and waited
 * for at most {@link #WAIT}; past it they read as unknown. Thread-safe.
 */
final class PersistenceHealthIndicator implements HealthIndicator {

    static final Duration MAX_AGE = Duration.ofSeconds(1);
    static final Duration WAIT = Duration.ofSeconds(1);

    private final CachedProbe<Backlog> probe;

    PersistenceHealthIndicator(PersistenceGrid persistence) {
        Objects.requireNonNull(persistence, "persistence");
        this.probe = new CachedProbe<>(
                "persistence-health-check",
                () -> new Backlog(persistence.pendingOwnedHere(), persistence.lagSeconds()),
                MAX_AGE,
                WAIT);
    }

    @Override
    public Health health() {
        Optional<Backlog> backlog = probe.answer();
        if (backlog.isEmpty()) {
            return Health.up()
                    .withDetail("pending", "unknown")
                    .withDetail("error", "no count of pending writes within " + WAIT.toMillis() + " ms")
                    .build();
        }
        return Health.up()
                .withDetail("pending", backlog.get().pending())
                .withDetail("lagSeconds", backlog.get().lagSeconds())
                .build();
    }

    /**
     * @param pending orders this member owns that the database does not have yet
     * @param lagSeconds age of the oldest of them
     */
    private record Backlog(long pending, long lagSeconds) {}
}
