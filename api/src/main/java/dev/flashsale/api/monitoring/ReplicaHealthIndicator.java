package dev.flashsale.api.monitoring;

import dev.flashsale.persistence.catalogue.CatalogueReads;
import dev.flashsale.persistence.catalogue.ReplicaHealth;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Whether catalogue reads can use the read replica, shown as {@code replica} under {@code /actuator/health}, as {@link
 * CatalogueReads} itself judges it (the same check, shared):
 *
 * <ul>
 *   <li>UP: reachable, replicating, at most the allowed lag behind ({@code secondsBehindMaster}, {@code
 *       maxLagSeconds}); catalogue reads go to it;
 *   <li>{@link DatabaseStatus#UNREACHABLE}, {@link DatabaseStatus#NOT_REPLICATING}, {@link DatabaseStatus#LAGGING}:
 *       catalogue reads go to the primary instead, and the details say so;
 *   <li>UNKNOWN: the node has no replica configured; every read goes to the primary.
 * </ul>
 *
 * <p>It never makes the node unhealthy (see {@link DatabaseStatus}). The replica's status is read at most once per
 * {@link #MAX_AGE} (or the catalogue's own check interval, whichever is longer) and waited for at most {@link #WAIT}.
 * Thread-safe.
 */
final class ReplicaHealthIndicator implements HealthIndicator {

    static final Duration MAX_AGE = Duration.ofSeconds(1);
    static final Duration WAIT = Duration.ofSeconds(1);

    private static final String READS_ON_PRIMARY = "primary (fallback while the replica cannot be used)";

    private final CachedProbe<Optional<ReplicaHealth>> probe;
    private final long maxLagSeconds;

    ReplicaHealthIndicator(CatalogueReads reads) {
        Objects.requireNonNull(reads, "reads");
        this.probe = new CachedProbe<>("replica-health-check", reads::replicaHealth, MAX_AGE, WAIT);
        this.maxLagSeconds = reads.settings().maxLag().toSeconds();
    }

    @Override
    public Health health() {
        Optional<Optional<ReplicaHealth>> answer = probe.answer();
        if (answer.isEmpty()) {
            return Health.status(DatabaseStatus.UNREACHABLE)
                    .withDetail("error", "no replication status within " + WAIT.toMillis() + " ms")
                    .withDetail("maxLagSeconds", maxLagSeconds)
                    .withDetail(
                            "catalogueReads",
                            "unknown: the replica is slow to answer; reads go to the primary if its check fails")
                    .build();
        }
        if (answer.get().isEmpty()) {
            return Health.status(Status.UNKNOWN)
                    .withDetail("replica", "none configured")
                    .withDetail("catalogueReads", "primary")
                    .build();
        }
        return switch (answer.get().get()) {
            case ReplicaHealth.Current current ->
                Health.up()
                        .withDetail("secondsBehindMaster", current.lagSeconds())
                        .withDetail("maxLagSeconds", maxLagSeconds)
                        .withDetail("catalogueReads", "replica")
                        .build();
            case ReplicaHealth.Unusable unusable -> {
                Health.Builder builder = Health.status(
                                switch (unusable.reason()) {
                                    case DOWN -> DatabaseStatus.UNREACHABLE;
                                    case NOT_REPLICATING -> DatabaseStatus.NOT_REPLICATING;
                                    case LAGGING -> DatabaseStatus.LAGGING;
                                })
                        .withDetail("error", "the replica " + unusable.detail());
                unusable.lagSeconds().ifPresent(lag -> builder.withDetail("secondsBehindMaster", lag));
                yield builder.withDetail("maxLagSeconds", maxLagSeconds)
                        .withDetail("catalogueReads", READS_ON_PRIMARY)
                        .build();
            }
        };
    }
}
