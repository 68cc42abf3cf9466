package dev.flashsale.api.monitoring;

import dev.flashsale.persistence.Database;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether this node reaches the primary database, shown as {@code primary} under {@code /actuator/health}: UP when a
 * {@code SELECT 1} through the node's own pool answers, {@link DatabaseStatus#UNREACHABLE} with the error otherwise.
 *
 * <p>It never makes the node unhealthy (see {@link DatabaseStatus}): while the primary is down the node still sells;
 * its orders wait in the grid, with their synchronous backups, and reach the database when it is back ({@code
 * persistence} shows how many wait). The details say so.
 *
 * <p>The query runs at most once per {@link #MAX_AGE} whoever asks, and a health request waits for it at most {@link
 * #WAIT}; a query that takes longer counts as unreachable until it answers. Thread-safe.
 */
final class PrimaryHealthIndicator implements HealthIndicator {

    static final Duration MAX_AGE = Duration.ofSeconds(1);
    static final Duration WAIT = Duration.ofSeconds(1);

    /** The query's own timeout (JDBC counts whole seconds). */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);

    private final CachedProbe<Check> probe;

    PrimaryHealthIndicator(Database database) {
        Objects.requireNonNull(database, "database");
        this.probe = new CachedProbe<>("primary-health-check", () -> check(database), MAX_AGE, WAIT);
    }

    @Override
    public Health health() {
        Optional<Check> check = probe.answer();
        if (check.isPresent() && check.get().failure().isEmpty()) {
            return Health.up().build();
        }
        String error = check.flatMap(Check::failure).orElse("no answer to SELECT 1 within " + WAIT.toMillis() + " ms");
        return Health.status(DatabaseStatus.UNREACHABLE)
                .withDetail("error", error)
                .withDetail(
                        "sales",
                        "continue: orders wait in the grid and are written when the primary is back"
                                + " (see persistence.pending)")
                .build();
    }

    /** One {@code SELECT 1}: what went wrong, if anything. */
    private record Check(Optional<String> failure) {

        static final Check PASSED = new Check(Optional.empty());
    }

    private static Check check(Database database) {
        try {
            database.pingPrimary(QUERY_TIMEOUT);
            return Check.PASSED;
        } catch (RuntimeException failure) {
            return new Check(Optional.of(Failures.describe(failure)));
        }
    }
}
