package dev.flashsale.api.monitoring;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.partition.ReplicaMigrationEvent;
import dev.flashsale.cluster.splitbrain.MemberQuorum;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of this node's member, shown as {@code grid} under {@code /actuator/health}, and the one component of the
 * node's status that can take the node out: without its member a node can sell nothing.
 *
 * <p>UP while the member runs and the cluster takes operations; OUT_OF_SERVICE while the cluster is PASSIVE (shutting
 * down, read-only); DOWN when the member has stopped. The details say how many members the cluster has, whether it is
 * safe (no partition migrating, every backup in sync) and whether this member is, and how the last migration process
 * went: {@code migrating} while one runs, with its planned, completed and remaining replica migrations. Safety and
 * migrations are reported, not judged: after a member joins or leaves every node is briefly unsafe and migrating, and a
 * verdict of DOWN would take them all out of the load balancer at once.
 *
 * <p>Asking whether this member and the whole cluster are safe can take seconds while a member is failing (Hazelcast
 * asks every member and syncs replicas first), so the answer is kept for {@link #SAFETY_MAX_AGE}, asked at most once
 * at a time, and waited for at most {@link #SAFETY_WAIT}; past it the check reports {@code clusterSafe: false} and
 * {@code memberSafe: false} with {@code clusterSafeKnown: false}. A member joining or leaving and a migration process
 * starting or finishing drop the kept answer, and an answer given for another cluster size is not used, so {@code
 * scripts/restart-node}, which waits for a safe grid of all members before it stops a node, never acts on a stale
 * "safe". The migration figures come from a
 * {@link MigrationListener} on the cluster's migration events, so reading them costs nothing; if the member that
 * coordinates migrations dies mid-process, {@code migrating} stays true until the next process, which that loss starts.
 *
 * <p>Thread-safe.
 */
final class GridHealthIndicator extends AbstractHealthIndicator {

    static final Duration SAFETY_WAIT = Duration.ofSeconds(1);
    static final Duration SAFETY_MAX_AGE = Duration.ofSeconds(1);

    private final HazelcastInstance hazelcast;
    private final CachedProbe<Safety> safety;
    private final Migrations migrations = new Migrations(this::migrationEvent);

    GridHealthIndicator(HazelcastInstance hazelcast) {
        super("grid health check failed");
        this.hazelcast = hazelcast;
        PartitionService partitions = hazelcast.getPartitionService();
        this.safety = new CachedProbe<>(
                "grid-safety-check",
                () -> new Safety(
                        hazelcast.getCluster().getMembers().size(),
                        partitions.isLocalMemberSafe(),
                        partitions.isClusterSafe()),
                SAFETY_MAX_AGE,
                SAFETY_WAIT);
        partitions.addMigrationListener(migrations);
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                safety.invalidate();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                safety.invalidate();
            }
        });
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!hazelcast.getLifecycleService().isRunning()) {
            builder.down().withDetail("member", "stopped");
            return;
        }
        ClusterState state = hazelcast.getCluster().getClusterState();
        int clusterSize = hazelcast.getCluster().getMembers().size();
        // An answer about another membership, not yet invalidated by its event, is no answer.
        Optional<Safety> safe = safety.answer().filter(answer -> answer.clusterSize() == clusterSize);
        MigrationProcess migration = migrations.latest;
        builder.status(state == ClusterState.PASSIVE ? Status.OUT_OF_SERVICE : Status.UP)
                .withDetail("clusterName", hazelcast.getConfig().getClusterName())
                .withDetail(
                        "member",
                        hazelcast.getCluster().getLocalMember().getAddress().toString())
                .withDetail("clusterState", state.name())
                .withDetail("clusterSize", clusterSize)
                .withDetail("clusterSafe", safe.map(Safety::cluster).orElse(false))
                .withDetail("clusterSafeKnown", safe.isPresent())
                .withDetail("memberSafe", safe.map(Safety::member).orElse(false))
                .withDetail("migrating", migration.running())
                .withDetail("migrationsPlanned", migration.planned())
                .withDetail("migrationsCompleted", migration.completed())
                .withDetail("migrationsRemaining", migration.remaining())
                .withDetail("ownedPartitions", ownedPartitions())
                .withDetail(
                        "partitionCount",
                        hazelcast.getPartitionService().getPartitions().size())
                .withDetail("quorum", quorum());
    }

    /** The partitions whose primary replica this member holds: which products it sells. */
    private long ownedPartitions() {
        Member local = hazelcast.getCluster().getLocalMember();
        return hazelcast.getPartitionService().getPartitions().stream()
                .filter(partition -> local.equals(partition.getOwner()))
                .count();
    }

    /**
     * The member's split-brain protection: whether it may change sale state now ({@code allowsChanges}: it sees {@code
     * minimumClusterSize} members, witness included, and is not settling after a split). A node without it stays UP:
     * it answers, with 503 for anything that touches stock, and nginx passes views to the other node.
     */
    private Map<String, Object> quorum() {
        return MemberQuorum.of(hazelcast)
                .<Map<String, Object>>map(quorum -> Map.of(
                        "minimumClusterSize", quorum.minimumClusterSize(),
                        "present", quorum.present(),
                        "settling", quorum.settling(),
                        "allowsChanges",
                                hazelcast
                                        .getSplitBrainProtectionService()
                                        .getSplitBrainProtection(MemberQuorum.NAME)
                                        .hasMinimumSize()))
                .orElse(Map.of("protection", "off", "allowsChanges", true));
    }

    /**
     * Whether this member's backups and the whole cluster's are in sync, with no migration running.
     *
     * @param clusterSize the members when the question was asked
     * @param member every partition replica this member holds is in sync
     * @param cluster the same holds on every member
     */
    record Safety(int clusterSize, boolean member, boolean cluster) {}

    /**
     * The latest migration process as its events told.
     *
     * @param running started and not finished
     * @param planned replica migrations planned
     * @param completed replica migrations completed
     * @param remaining replica migrations not completed yet
     */
    record MigrationProcess(boolean running, int planned, int completed, int remaining) {

        static final MigrationProcess NONE = new MigrationProcess(false, 0, 0, 0);

        static MigrationProcess of(boolean running, MigrationState state) {
            return new MigrationProcess(
                    running,
                    state.getPlannedMigrations(),
                    state.getCompletedMigrations(),
                    state.getRemainingMigrations());
        }
    }

    private void migrationEvent() {
        safety.invalidate();
    }

    /** Keeps the latest migration process; called on Hazelcast's event threads. */
    private static final class Migrations implements MigrationListener {

        private final Runnable startedOrFinished;
        private volatile MigrationProcess latest = MigrationProcess.NONE;

        Migrations(Runnable startedOrFinished) {
            this.startedOrFinished = startedOrFinished;
        }

        @Override
        public void migrationStarted(MigrationState state) {
            latest = MigrationProcess.of(true, state);
            startedOrFinished.run();
        }

        @Override
        public void migrationFinished(MigrationState state) {
            latest = MigrationProcess.of(false, state);
            startedOrFinished.run();
        }

        @Override
        public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
            progress(event);
        }

        @Override
        public void replicaMigrationFailed(ReplicaMigrationEvent event) {
            progress(event);
        }

        private void progress(ReplicaMigrationEvent event) {
            if (latest.running()) {
                latest = MigrationProcess.of(true, event.getMigrationState());
            }
        }
    }
}
