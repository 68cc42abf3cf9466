package dev.flashsale.persistence;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the primary and the optional read replica, and how many connections each member may hold.
 *
 * <p>Each database server accepts at most {@code connectionBudget} connections (its {@code max_connections}). Every
 * member of the cluster opens its own pools, so {@code members × pool size + headroom} must stay within the budget;
 * {@link Database#start} checks that before it opens anything. The headroom is kept for administrators, migrations,
 * monitoring and replication.
 *
 * <p>Immutable and thread-safe. {@link #toString()} does not print the password.
 *
 * @param primaryUrl JDBC URL of the primary ({@code jdbc:mysql://host:port/database}; Connector/J serves MariaDB too)
 * @param replicaUrl JDBC URL of a read replica of the same database, if there is one
 * @param user the application account
 * @param password its password
 * @param primaryPoolSize connections this member keeps to the primary
 * @param replicaPoolSize connections this member keeps to the replica (unused without a replica)
 * @param members cluster members that each open these pools
 * @param headroom connections of each server left to everything else
 * @param connectionBudget connections each server accepts in total
 * @param connectionTimeout how long a caller waits for a connection to the primary
 * @param replicaTimeout how long a caller waits for a connection to the replica before reading from the primary
 *     instead; a query on the replica is abandoned after ten times as long
 */
public record DatabaseSettings(
        String primaryUrl,
        Optional<String> replicaUrl,
        String user,
        String password,
        int primaryPoolSize,
        int replicaPoolSize,
        int members,
        int headroom,
        int connectionBudget,
        Duration connectionTimeout,
        Duration replicaTimeout) {

    /** The {@code max_connections} of the local servers that {@code scripts/db} starts. */
    public static final int DEFAULT_CONNECTION_BUDGET = 300;

    public DatabaseSettings {
        requireJdbcUrl("primaryUrl", primaryUrl);
        Objects.requireNonNull(replicaUrl, "replicaUrl");
        replicaUrl.ifPresent(url -> requireJdbcUrl("replicaUrl", url));
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        Objects.requireNonNull(password, "password");
        requireAtLeast("primaryPoolSize", primaryPoolSize, 1);
        requireAtLeast("replicaPoolSize", replicaPoolSize, 1);
        requireAtLeast("members", members, 1);
        requireAtLeast("headroom", headroom, 0);
        requireAtLeast("connectionBudget", connectionBudget, 1);
        requirePositive("connectionTimeout", connectionTimeout);
        requirePositive("replicaTimeout", replicaTimeout);
    }

    /**
     * Settings with the defaults of one local member: a primary pool of 8 (two members then hold 16 connections to the
     * primary, within the design's goal of 20 with room for replication and an operator), a replica pool of 10, 2
     * members, headroom 20, budget 300, connection timeout 5 s and replica timeout 1 s.
     */
    public static DatabaseSettings of(String primaryUrl, Optional<String> replicaUrl, String user, String password) {
        return new DatabaseSettings(
                primaryUrl,
                replicaUrl,
                user,
                password,
                8,
                10,
                2,
                20,
                DEFAULT_CONNECTION_BUDGET,
                Duration.ofSeconds(5),
                Duration.ofSeconds(1));
    }

    public DatabaseSettings withPoolSizes(int primary, int replica) {
        return new DatabaseSettings(
                primaryUrl,
                replicaUrl,
                user,
                password,
                primary,
                replica,
                members,
                headroom,
                connectionBudget,
                connectionTimeout,
                replicaTimeout);
    }

    public DatabaseSettings withBudget(int members, int headroom, int connectionBudget) {
        return new DatabaseSettings(
                primaryUrl,
                replicaUrl,
                user,
                password,
                primaryPoolSize,
                replicaPoolSize,
                members,
                headroom,
                connectionBudget,
                connectionTimeout,
                replicaTimeout);
    }

    public DatabaseSettings withReplicaUrl(Optional<String> replicaUrl) {
        return new DatabaseSettings(
                primaryUrl,
                replicaUrl,
                user,
                password,
                primaryPoolSize,
                replicaPoolSize,
                members,
                headroom,
                connectionBudget,
                connectionTimeout,
                replicaTimeout);
    }

    public DatabaseSettings withTimeouts(Duration connectionTimeout, Duration replicaTimeout) {
        return new DatabaseSettings(
                primaryUrl,
                replicaUrl,
                user,
                password,
                primaryPoolSize,
                replicaPoolSize,
                members,
                headroom,
                connectionBudget,
                connectionTimeout,
                replicaTimeout);
    }

    /**
     * Throws unless every server can serve all members' pools with the headroom to spare.
     *
     * @throws IllegalStateException naming the numbers when {@code members × pool size + headroom > budget}
     */
    public void requireWithinConnectionBudget() {
        requireWithinBudget("primary", primaryPoolSize);
        if (replicaUrl.isPresent()) {
            requireWithinBudget("replica", replicaPoolSize);
        }
    }

    private void requireWithinBudget(String server, int poolSize) {
        long needed = (long) members * poolSize + headroom;
        if (needed > connectionBudget) {
            throw new IllegalStateException(("connection budget exceeded on the %s: %d members × %d pooled connections"
                            + " + %d headroom = %d, but the server accepts %d; shrink the pool to at most %d or raise"
                            + " the budget (max_connections)")
                    .formatted(
                            server,
                            members,
                            poolSize,
                            headroom,
                            needed,
                            connectionBudget,
                            Math.max(0, (connectionBudget - headroom) / members)));
        }
    }

    @Override
    public String toString() {
        return "DatabaseSettings[primaryUrl=%s, replicaUrl=%s, user=%s, password=***, primaryPoolSize=%d,"
                        .formatted(primaryUrl, replicaUrl, user, primaryPoolSize)
                + " replicaPoolSize=%d, members=%d, headroom=%d, connectionBudget=%d, connectionTimeout=%s,"
                        .formatted(replicaPoolSize, members, headroom, connectionBudget, connectionTimeout)
                + " replicaTimeout=%s]".formatted(replicaTimeout);
    }

    private static void requireJdbcUrl(String name, String url) {
        if (url == null || !url.startsWith("jdbc:mysql://")) {
            throw new IllegalArgumentException(
                    name + " must be a jdbc:mysql:// URL (MySQL Connector/J, which serves MariaDB too): " + url);
        }
    }

    private static void requireAtLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ": " + value);
        }
    }

    private static void requirePositive(String name, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
