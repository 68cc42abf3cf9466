package dev.flashsale.api.node;

import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.engine.grid.EngineSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The node's cluster settings as bound from {@code inventory.node.*}. The member's identity (cluster name, address,
 * port, member list) has no default here: {@code application.properties} gives node 1 of the local deployment. Every
 * tunable left out takes the default of {@link ClusterSettings} or {@link EngineSettings}, which also validate the
 * result.
 *
 * @param clusterName {@code inventory.node.cluster-name}
 * @param address {@code inventory.node.address}: the IP address the member binds to and announces
 * @param port {@code inventory.node.port}: the member's port
 * @param members {@code inventory.node.members}: every member as {@code host:port}
 * @param heartbeatInterval {@code inventory.node.heartbeat-interval}, default 1s
 * @param maxNoHeartbeat {@code inventory.node.max-no-heartbeat}, default 5s
 * @param partitionCount {@code inventory.node.partition-count}, default 271
 * @param metricsEnabled {@code inventory.node.metrics-enabled}, default true
 * @param gracefulShutdownMaxWait {@code inventory.node.graceful-shutdown-max-wait}, default 15s
 * @param minimumClusterSize {@code inventory.node.minimum-cluster-size}: members, witness included, this node must see
 *     to change sale state; default {@link #DEFAULT_MINIMUM_CLUSTER_SIZE} (2 of the deployment's node, node, witness).
 *     1 switches split-brain protection off, for a node alone in development or a test
 * @param managementCenter {@code inventory.node.management-center.*}
 * @param engine {@code inventory.node.engine.*}
 */
@ConfigurationProperties("inventory.node")
record NodeProperties(
        String clusterName,
        String address,
        Integer port,
        List<String> members,
        Duration heartbeatInterval,
        Duration maxNoHeartbeat,
        Integer partitionCount,
        Boolean metricsEnabled,
        Duration gracefulShutdownMaxWait,
        Integer minimumClusterSize,
        @DefaultValue ManagementCenter managementCenter,
        @DefaultValue Engine engine) {

    /**
     * On by default: the deployment is two app nodes and a witness, and a node that a network split leaves alone must
     * stop selling (docs/guarantees.md).
     */
    static final int DEFAULT_MINIMUM_CLUSTER_SIZE = 2;

    /** @param trustedInterfaces addresses a Management Center may connect from, default 127.0.0.1 */
    record ManagementCenter(Set<String> trustedInterfaces) {}

    /** The engine's tunables ({@link EngineSettings}); each left out takes its default. */
    record Engine(
            Integer opMemoryCount,
            Duration opMemoryAge,
            Duration claimGrace,
            Duration callDeadline,
            Integer maxOpenClaims,
            Duration reapInterval,
            Integer backupCount) {

        EngineSettings toSettings() {
            EngineSettings defaults = EngineSettings.DEFAULTS;
            return new EngineSettings(
                    or(opMemoryCount, defaults.opMemoryCount()),
                    or(opMemoryAge, defaults.opMemoryAge()),
                    or(claimGrace, defaults.claimGrace()),
                    or(callDeadline, defaults.callDeadline()),
                    or(maxOpenClaims, defaults.maxOpenClaims()),
                    or(reapInterval, defaults.reapInterval()),
                    or(backupCount, defaults.backupCount()));
        }
    }

    /** The validated settings; throws {@link IllegalArgumentException} naming what is wrong. */
    ClusterSettings toClusterSettings() {
        if (clusterName == null || address == null || port == null || members == null) {
            throw new IllegalArgumentException("set inventory.node.cluster-name, .address, .port and .members");
        }
        return new ClusterSettings(
                clusterName,
                address,
                port,
                members,
                engine.toSettings(),
                or(heartbeatInterval, ClusterSettings.DEFAULT_HEARTBEAT_INTERVAL),
                or(maxNoHeartbeat, ClusterSettings.DEFAULT_MAX_NO_HEARTBEAT),
                or(partitionCount, ClusterSettings.DEFAULT_PARTITION_COUNT),
                or(managementCenter.trustedInterfaces(), ClusterSettings.DEFAULT_MANAGEMENT_CENTER_TRUSTED_INTERFACES),
                or(metricsEnabled, true),
                or(gracefulShutdownMaxWait, ClusterSettings.DEFAULT_GRACEFUL_SHUTDOWN_MAX_WAIT),
                or(minimumClusterSize, DEFAULT_MINIMUM_CLUSTER_SIZE));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
