package dev.flashsale.engine.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs grid operations that are idempotent, retrying one while its outcome is indeterminate because a member left or
 * a backup did not answer: running it again is safe and returns the first result. Gives up with
 * {@link InventoryUnavailableException} after the deadline. Used by the engine, and by the layers above for their own
 * idempotent grid operations. Thread-safe.
 *
 * <p>A member cut off from the quorum of the cluster refuses every change of sale state (split-brain protection,
 * {@code docs/guarantees.md}); such a refusal is an {@link InventoryUnavailableException} at once, without retries:
 * it lasts until the network heals, far beyond any caller's patience, and the caller's retry may well reach a node on
 * the side that has the quorum.
 *
 * <p>Hazelcast checks the quorum before an operation runs, against a state it updates on its own thread after a
 * membership change. A member that has just lost its peers therefore runs changes for a moment with no backup left
 * to wait for while its protection still says "quorum", and acknowledges them: in one run of {@code
 * SplitBrainClusterTest} the cut-off member acknowledged two thousand batched sales in that moment. So a {@linkplain #forMap protected}
 * instance checks the member's live member list again after each operation, and answers {@link #NO_QUORUM} instead of
 * the result when it is below the quorum: the change stays on the side without quorum, whose entries lose the merge,
 * and the caller hears that nothing was sold.
 */
public final class GridCalls {

    /** The message of the refusal of a member without quorum. */
    public static final String NO_QUORUM = "this member does not see a quorum of the cluster (a network split?):"
            + " it changes no stock until the cluster is whole again";

    private final Duration deadline;
    private final BooleanSupplier quorum;
    private final LongAdder retries = new LongAdder();

    public GridCalls(Duration deadline) {
        this(deadline, () -> true);
    }

    /** Calls whose results count only while {@code quorum} holds after the operation returned. */
    public GridCalls(Duration deadline, BooleanSupplier quorum) {
        this.deadline = deadline;
        this.quorum = Objects.requireNonNull(quorum, "quorum");
    }

    /**
     * Calls on {@code map} of {@code hazelcast}: protected by the map's split-brain protection when it has one (the
     * member must still see its minimum cluster size, lite members included, as {@code MemberQuorum} counts), else
     * unprotected.
     */
    public static GridCalls forMap(HazelcastInstance hazelcast, String map, Duration deadline) {
        String protection = hazelcast.getConfig().getMapConfig(map).getSplitBrainProtectionName();
        if (protection == null) {
            return new GridCalls(deadline);
        }
        int minimum =
                hazelcast.getConfig().getSplitBrainProtectionConfig(protection).getMinimumClusterSize();
        return new GridCalls(deadline, () -> hazelcast.getCluster().getMembers().size() >= minimum);
    }

    long retries() {
        return retries.sum();
    }

    /**
     * The map {@code name}, created if it is the first use. Creating a map with indexes adds them on every partition,
     * with backups; on a busy machine a backup's acknowledgement can come late and creation fails as indeterminate —
     * creating it again is safe, so it is retried like any other idempotent operation. Adding an index is a change,
     * which a member without the quorum of its cluster refuses (split-brain protection): such a member waits here until
     * it has the quorum, however long that takes, since it can serve nothing without its maps. A node that starts while
     * the other members it needs are down therefore starts once they are back.
     */
    public <K, V> IMap<K, V> map(HazelcastInstance hazelcast, String name) {
        while (true) {
            try {
                return call(() -> hazelcast.getMap(name));
            } catch (InventoryUnavailableException noQuorum) {
                if (!NO_QUORUM.equals(noQuorum.getMessage())
                        || !hazelcast.getLifecycleService().isRunning()) {
                    throw noQuorum;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }
    }

    /** Runs {@code operation}, again while its outcome is indeterminate, until the deadline. */
    public <T> T call(Supplier<T> operation) {
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        long pauseMillis = 2;
        while (true) {
            T result;
            try {
                result = operation.get();
            } catch (RuntimeException failure) {
                if (withoutQuorum(failure)) {
                    throw new InventoryUnavailableException(NO_QUORUM, failure);
                }
                if (!retryable(failure)) {
                    throw failure;
                }
                if (System.nanoTime() - giveUpAt > 0) {
                    throw new InventoryUnavailableException("the grid did not answer within " + deadline, failure);
                }
                retries.increment();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMillis));
                pauseMillis = Math.min(pauseMillis * 2, 100);
                continue;
            }
            if (!quorum.getAsBoolean()) {
                throw new InventoryUnavailableException(NO_QUORUM);
            }
            return result;
        }
    }

    private static boolean withoutQuorum(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SplitBrainProtectionException) {
                return true;
            }
        }
        return false;
    }

    private static boolean retryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HazelcastInstanceNotActiveException) {
                return false;
            }
            if (cause instanceof IndeterminateOperationStateException
                    || cause instanceof OperationTimeoutException
                    || cause instanceof RetryableException) {
                return true;
            }
        }
        return false;
    }
}
