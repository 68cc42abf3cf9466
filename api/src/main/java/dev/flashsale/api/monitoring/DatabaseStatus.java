package dev.flashsale.api.monitoring;

import org.springframework.boot.health.contributor.Status;

/**
 * The statuses the database components of {@code /actuator/health} ({@code primary}, {@code replica}) report instead
 * of DOWN, so that a database outage never makes the node unhealthy: sales go on without the database (orders wait in
 * the grid, catalogue reads fall back to the primary), and a node the load balancer or {@code scripts/up} counts as
 * down would stop them.
 *
 * <p>Spring Boot rolls a node's status up from the statuses listed in {@code management.endpoint.health.status.order}
 * (by default DOWN, OUT_OF_SERVICE, UP, UNKNOWN) and leaves every other status out, so these never reach the node's
 * status, while each component still shows its own, and {@code /actuator/health/primary} or {@code .../replica}
 * answers 503 for them ({@code management.endpoint.health.status.http-mapping.*} in {@code application.properties}).
 * Listing one of them in the status order would make database outages take nodes out; do not.
 */
final class DatabaseStatus {

    /** The server did not answer: down, refusing connections, or slower than the probe's wait. */
    static final Status UNREACHABLE = new Status("UNREACHABLE");

    /** The replica answers but does not apply the primary's changes (replication stopped or broken). */
    static final Status NOT_REPLICATING = new Status("NOT_REPLICATING");

    /** The replica applies the primary's changes, but further behind than catalogue reads allow. */
    static final Status LAGGING = new Status("LAGGING");

    private DatabaseStatus() {}
}
