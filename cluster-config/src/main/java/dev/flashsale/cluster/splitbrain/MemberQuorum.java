package dev.flashsale.cluster.splitbrain;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One member's quorum: whether the members it sees, the lite witness included, reach the minimum cluster size, and
 * whether its data may be stale because it just came back from a split. One instance per member, registered as the
 * function of the member's split-brain protection, as a lifecycle listener and in the member's user context (where
 * {@link QuorumSideMergePolicy} finds it).
 *
 * <p><b>Why a function of our own.</b> Hazelcast's default member-count function is handed the <em>data</em> members
 * only ({@code SplitBrainProtectionServiceImpl} selects them with {@code DATA_MEMBER_SELECTOR}), so a lite witness
 * would never count. This one counts every member the local member sees, the witness included.
 *
 * <p><b>Why a settling period.</b> When two sides of a split meet again, Hazelcast merges the side with fewer data
 * members into the other and breaks a tie by address. Two app nodes and a witness always tie (one data member a side),
 * so the side with the quorum may be the one that merges into the side without it: its members join the stale side,
 * and only then send their entries over, partition by partition. A change made in between would run on a stale entry
 * and then be overwritten by the merge. So a member refuses changes for {@link #SETTLE} after it regained a quorum it
 * had lost and after its side began to merge into another: long enough for the merge to land. A member that joins a
 * cluster for the first time does not wait; it holds nothing stale.
 *
 * <p>Thread-safe: Hazelcast calls {@link #apply} on its single split-brain-protection thread (on every membership
 * change and every heartbeat interval); the other methods read volatile fields.
 */
public final class MemberQuorum implements SplitBrainProtectionFunction, HazelcastInstanceAware, LifecycleListener {

    /** The name of the split-brain protection every protected map refers to, and this object's user-context key. */
    public static final String NAME = "inventory-quorum";

    /** How long a member refuses changes after regaining its quorum or merging, and attributes merges to that. */
    public static final Duration SETTLE = Duration.ofSeconds(30);

    private static final long NEVER = Long.MIN_VALUE;

    private final int minimumClusterSize;
    private final LongSupplier clockMillis;
    private volatile HazelcastInstance hazelcast;
    private volatile boolean present;
    private volatile boolean everPresent;
    private volatile long regainedAtMillis = NEVER;
    private volatile long mergingAtMillis = NEVER;
    private volatile boolean mergedWithQuorum;

    public MemberQuorum(int minimumClusterSize) {
        this(minimumClusterSize, System::currentTimeMillis);
    }

    MemberQuorum(int minimumClusterSize, LongSupplier clockMillis) {
        if (minimumClusterSize < 2) {
            throw new IllegalArgumentException("a quorum needs at least 2 members: " + minimumClusterSize);
        }
        this.minimumClusterSize = minimumClusterSize;
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    }

    /** The member's quorum, as registered in its user context; empty when the member runs without protection. */
    public static Optional<MemberQuorum> of(HazelcastInstance hazelcast) {
        return hazelcast.getUserContext().get(NAME) instanceof MemberQuorum quorum
                ? Optional.of(quorum)
                : Optional.empty();
    }

    public int minimumClusterSize() {
        return minimumClusterSize;
    }

    /** Whether this member saw enough members the last time Hazelcast asked, settling or not. */
    public boolean present() {
        return present;
    }

    /**
     * Whether this member is in its settling period after a regained quorum or a merge (it refuses changes). Not after
     * its side merged without the quorum into another: it dropped its entries to merge, they lose the merge, and what
     * it holds after joining came from the side that had the quorum. (Settling there would refuse every change on the
     * partitions it takes over, through either node, for {@link #SETTLE}.)
     */
    public boolean settling() {
        if (mergedWithoutQuorumRecently()) {
            return false;
        }
        long now = clockMillis.getAsLong();
        return recent(regainedAtMillis, now) || recent(mergingAtMillis, now);
    }

    /** This member's side began merging into another without the quorum, recently: the quorum it regains is no news. */
    private boolean mergedWithoutQuorumRecently() {
        return recent(mergingAtMillis, clockMillis.getAsLong()) && !mergedWithQuorum;
    }

    /** Whether the member may change sale state now: a quorum, and not settling. */
    public boolean allowsChanges() {
        return present && !settling();
    }

    /**
     * Called by Hazelcast: ignores the data members it is given, counts every member this member sees, and answers
     * whether changes are allowed.
     */
    @Override
    public boolean apply(Collection<Member> dataMembers) {
        HazelcastInstance instance = hazelcast;
        int members = instance != null ? instance.getCluster().getMembers().size() : dataMembers.size();
        boolean now = members >= minimumClusterSize;
        if (now && !present && everPresent && !mergedWithoutQuorumRecently()) {
            regainedAtMillis = clockMillis.getAsLong();
        }
        everPresent |= now;
        present = now;
        return allowsChanges();
    }

    /** Hazelcast fires MERGING on the members of the side that is about to merge into another, before they leave it. */
    @Override
    public void stateChanged(LifecycleEvent event) {
        if (event.getState() == LifecycleEvent.LifecycleState.MERGING) {
            mergedWithQuorum = present;
            mergingAtMillis = clockMillis.getAsLong();
        }
    }

    /**
     * During a merge, whether the merging entries come from the side that had the quorum, and so must replace this
     * member's. On a member of the merging side (its MERGING is recent): whether its side had the quorum. On a member of
     * the side merged into: whether this side lacked the quorum, now or until it regained it recently (the merging
     * members joining brought it back).
     */
    public boolean mergingSideWins() {
        long now = clockMillis.getAsLong();
        if (recent(mergingAtMillis, now)) {
            return mergedWithQuorum;
        }
        return !present || recent(regainedAtMillis, now);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hazelcast = hazelcastInstance;
    }

    private static boolean recent(long atMillis, long nowMillis) {
        return atMillis != NEVER && nowMillis - atMillis <= SETTLE.toMillis();
    }

    @Override
    public String toString() {
        return "MemberQuorum{minimumClusterSize=" + minimumClusterSize + ", present=" + present + ", settling="
                + settling() + "}";
    }
}
