package dev.flashsale.api.node;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of this node's member, shown as {@code grid} under {@code /actuator/health}.
 *
 * <p>UP while the member runs and the cluster takes operations; OUT_OF_SERVICE while the cluster is PASSIVE (shutting
 * down, read-only); DOWN when the member has stopped. The details say how many members the cluster has and whether
 * it is safe (no partition migrating, every backup in sync). Safety is reported, not judged: after a member joins or
 * leaves, every node is briefly unsafe, and a verdict of DOWN would take them all out of the load balancer at once.
 *
 * <p>Asking the whole cluster whether it is safe can take seconds while a member is failing, so a check waits at most
 * {@link #SAFETY_WAIT} for the answer and reports {@code clusterSafe: false} with {@code clusterSafeKnown: false}
 * past it. At most one safety question is in flight at a time; later checks share it.
 *
 * <p>Thread-safe.
 */
final class GridHealthIndicator extends AbstractHealthIndicator {

    static final Duration SAFETY_WAIT = Duration.ofSeconds(2);

    private final HazelcastInstance hazelcast;
    private final AtomicReference<CompletableFuture<Boolean>> safetyCheck = new AtomicReference<>();

    GridHealthIndicator(HazelcastInstance hazelcast) {
        super("grid health check failed");
        this.hazelcast = hazelcast;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!hazelcast.getLifecycleService().isRunning()) {
            builder.down().withDetail("member", "stopped");
            return;
        }
        ClusterState state = hazelcast.getCluster().getClusterState();
        PartitionService partitions = hazelcast.getPartitionService();
        Boolean clusterSafe = clusterSafe(partitions);
        builder.status(state == ClusterState.PASSIVE ? Status.OUT_OF_SERVICE : Status.UP)
                .withDetail("clusterName", hazelcast.getConfig().getClusterName())
                .withDetail(
                        "member",
                        hazelcast.getCluster().getLocalMember().getAddress().toString())
                .withDetail("clusterState", state.name())
                .withDetail("clusterSize", hazelcast.getCluster().getMembers().size())
                .withDetail("clusterSafe", Boolean.TRUE.equals(clusterSafe))
                .withDetail("clusterSafeKnown", clusterSafe != null)
                .withDetail("memberSafe", partitions.isLocalMemberSafe());
    }

    /** Whether the cluster is safe, or null if it did not say within {@link #SAFETY_WAIT}. */
    private Boolean clusterSafe(PartitionService partitions) {
        CompletableFuture<Boolean> check = safetyCheck.updateAndGet(running -> running == null || running.isDone()
                ? CompletableFuture.supplyAsync(
                        partitions::isClusterSafe,
                        task -> Thread.ofVirtual().name("grid-safety-check").start(task))
                : running);
        try {
            return check.get(SAFETY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException unanswered) {
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
