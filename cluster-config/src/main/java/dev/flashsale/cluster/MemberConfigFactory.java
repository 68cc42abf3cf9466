package dev.flashsale.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperty;
import dev.flashsale.engine.grid.EngineGrid;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.grid.PersistenceGrid;
import dev.flashsale.persistence.grid.PersistenceSettings;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Builds the Hazelcast configuration of an app node's embedded member from its {@link ClusterSettings}; production and
 * tests use it alike.
 *
 * <p>The member binds to its one address and port only, finds the others through the explicit TCP-IP member list (no
 * multicast, no auto-detection), removes a silent member within seconds, carries the engine's maps and serializers
 * ({@link EngineGrid#configure}), reports metrics, trusts a Management Center only from the given interfaces, hands its
 * partitions over when it shuts down (also from the JVM's shutdown hook), sends no usage data home and runs no Jet
 * engine. It logs through SLF4J.
 *
 * <p>Stateless and thread-safe; every call returns a new {@link Config}.
 */
public final class MemberConfigFactory {

    private MemberConfigFactory() {}

    public static Config build(ClusterSettings settings) {
        Config config = new Config().setClusterName(settings.clusterName());

        NetworkConfig network =
                config.getNetworkConfig().setPort(settings.memberPort()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(settings.memberAddress());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        // Listen on the member address only, not on every interface of the machine.
        set(config, ClusterProperty.SOCKET_BIND_ANY, "false");

        set(
                config,
                ClusterProperty.HEARTBEAT_INTERVAL_SECONDS,
                settings.heartbeatInterval().toSeconds());
        set(
                config,
                ClusterProperty.MAX_NO_HEARTBEAT_SECONDS,
                settings.maxNoHeartbeat().toSeconds());
        set(config, ClusterProperty.PARTITION_COUNT, settings.partitionCount());

        config.getMetricsConfig().setEnabled(settings.metricsEnabled());
        config.getManagementCenterConfig()
                .setTrustedInterfaces(settings.managementCenterTrustedInterfaces())
                .setScriptingEnabled(false)
                .setConsoleEnabled(false);

        set(config, ClusterProperty.SHUTDOWNHOOK_POLICY, "GRACEFUL");
        set(
                config,
                ClusterProperty.GRACEFUL_SHUTDOWN_MAX_WAIT,
                settings.gracefulShutdownMaxWait().toSeconds());
        set(config, ClusterProperty.PHONE_HOME_ENABLED, "false");
        set(config, ClusterProperty.LOGGING_TYPE, "slf4j");
        config.getJetConfig().setEnabled(false);

        return EngineGrid.configure(config, settings.engine());
    }

    /**
     * The configuration of {@link #build(ClusterSettings)} with the database attached through {@link PersistenceGrid}:
     * orders written behind to the primary, stock and rules of sale loaded from it. An app node runs this one.
     */
    public static PersistentMember build(
            ClusterSettings settings, Database database, PersistenceSettings persistence, MeterRegistry registry) {
        Config config = build(settings);
        return new PersistentMember(
                config, PersistenceGrid.configure(config, database, settings.engine(), persistence, registry));
    }

    private static void set(Config config, HazelcastProperty property, Object value) {
        config.setProperty(property.getName(), String.valueOf(value));
    }
}
