package dev.flashsale.persistence.catalogue;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether the replica may serve catalogue reads, as last checked: {@link Current} (reads go to the replica) or {@link
 * Unusable} (reads go to the primary). Immutable and thread-safe.
 */
public sealed interface ReplicaHealth {

    /**
     * The replica replicates and is at most the allowed lag behind.
     *
     * @param lagSeconds its {@code Seconds_Behind_Master}
     */
    record Current(long lagSeconds) implements ReplicaHealth {}

    /**
     * Reads go to the primary, for this reason.
     *
     * @param reason why
     * @param detail what was found, for people
     * @param lagSeconds the replica's {@code Seconds_Behind_Master} when it reported one (a replica that lags), else
     *     empty
     */
    record Unusable(FallbackReason reason, String detail, OptionalLong lagSeconds) implements ReplicaHealth {
        public Unusable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(lagSeconds, "lagSeconds");
        }

        /** Unusable without a known lag: down, or not replicating. */
        public Unusable(FallbackReason reason, String detail) {
            this(reason, detail, OptionalLong.empty());
        }
    }

    /**
     * Judges the replica by its replication status: no status means it is not a replica; a stopped thread or an
     * unknown lag means it does not replicate; a lag above {@code maxLag} means it is too far behind.
     */
    static ReplicaHealth assess(Optional<ReplicationStatus> status, Duration maxLag) {
        if (status.isEmpty()) {
            return new Unusable(FallbackReason.NOT_REPLICATING, "is not configured to replicate from a primary");
        }
        ReplicationStatus replication = status.get();
        if (!"Yes".equalsIgnoreCase(replication.sqlRunning())
                || !"Yes".equalsIgnoreCase(replication.ioRunning())
                || replication.secondsBehind().isEmpty()) {
            return new Unusable(
                    FallbackReason.NOT_REPLICATING,
                    "does not replicate (io thread %s, sql thread %s%s)"
                            .formatted(
                                    replication.ioRunning(),
                                    replication.sqlRunning(),
                                    replication.lastError().isBlank()
                                            ? ""
                                            : ", last error: " + replication.lastError()));
        }
        long lag = replication.secondsBehind().getAsLong();
        if (lag > maxLag.toSeconds()) {
            return new Unusable(
                    FallbackReason.LAGGING,
                    "is %d s behind the primary, more than %d s".formatted(lag, maxLag.toSeconds()),
                    OptionalLong.of(lag));
        }
        return new Current(lag);
    }
}
