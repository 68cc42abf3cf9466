package dev.flashsale.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperty;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.flashsale.cluster.splitbrain.MemberQuorum;
import dev.flashsale.cluster.splitbrain.MergeFreeze;
import dev.flashsale.cluster.splitbrain.QuorumSideMergePolicy;
import dev.flashsale.engine.grid.EngineGrid;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.grid.PersistenceGrid;
import dev.flashsale.persistence.grid.PersistenceSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

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
 * <p>With {@link ClusterSettings#splitBrainProtected() split-brain protection} on, every change to the maps that hold
 * sale state (stock, ledgers, orders; the API adds its own through {@link #protect}) needs the member to see a quorum of
 * the member list, a lite witness included ({@link MemberQuorum}), and a healed split merges so that the side with the
 * quorum wins ({@link QuorumSideMergePolicy}). A member looks for another cluster to merge with every {@link
 * #MERGE_SEARCH_INTERVAL_SECONDS} seconds. When two members lose each other while both still reach the master (the
 * witness), the master removes one of them after {@link #PARTIAL_DISCONNECTION_HEARTBEATS} heartbeats of reports
 * (Hazelcast's partial member disconnection resolution), so that calls between them end instead of waiting; the
 * removed member keeps out of every merge while it reaches some members but not all ({@link MergeFreeze}), which
 * would otherwise re-admit it, or merge the selling side into it, at the next merge search. {@code docs/guarantees.md}
 * has the evidence.
 *
 * <p>Stateless and thread-safe; every call returns a new {@link Config}.
 */
public final class MemberConfigFactory {

    /** The maps of the engine whose changes need a quorum. */
    public static final List<String> PROTECTED_ENGINE_MAPS =
            List.of(InventoryMaps.STOCK, InventoryMaps.LEDGERS, InventoryMaps.ORDERS);

    /** How often a member looks for another cluster of the same name to merge with (Hazelcast: 300 s, then 120 s). */
    static final int MERGE_SEARCH_INTERVAL_SECONDS = 10;

    /**
     * How many heartbeat intervals the master collects its members' reports of peers they lost before it removes the
     * fewest members that leave the rest fully connected (Hazelcast's partial member disconnection resolution; 0, its
     * default, switches it off). Hazelcast recommends at least 3.
     */
    static final int PARTIAL_DISCONNECTION_HEARTBEATS = 3;

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
        set(config, ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS, MERGE_SEARCH_INTERVAL_SECONDS);
        set(config, ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS, MERGE_SEARCH_INTERVAL_SECONDS);
        set(
                config,
                ClusterProperty.PARTIAL_MEMBER_DISCONNECTION_RESOLUTION_HEARTBEAT_COUNT,
                PARTIAL_DISCONNECTION_HEARTBEATS);

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

        EngineGrid.configure(config, settings.engine());
        if (settings.splitBrainProtected()) {
            MemberQuorum quorum = new MemberQuorum(settings.minimumClusterSize());
            config.addSplitBrainProtectionConfig(
                    new SplitBrainProtectionConfig(MemberQuorum.NAME, true, settings.minimumClusterSize())
                            .setProtectOn(SplitBrainProtectionOn.WRITE)
                            .setFunctionImplementation(quorum));
            config.getUserContext().put(MemberQuorum.NAME, quorum);
            config.addListenerConfig(new ListenerConfig(quorum));
            config.addListenerConfig(
                    new ListenerConfig(new MergeFreeze(settings.minimumClusterSize(), settings.members())));
            protect(config, settings, PROTECTED_ENGINE_MAPS);
        }
        return config;
    }

    /**
     * The configuration of the witness: a lite member (it owns no partition and holds no data) of the same cluster,
     * which counts toward every data member's quorum. It runs on a third machine, so that of two app nodes cut apart
     * exactly one keeps the quorum.
     */
    public static Config buildWitness(ClusterSettings settings) {
        return build(settings).setLiteMember(true);
    }

    /**
     * Makes every change to the named maps (configured in {@code config} already) need the quorum, and their merge
     * after a split keep the quorum side's entries. Does nothing without split-brain protection. Reads stay allowed
     * by the protection, but note that an entry processor is a write to Hazelcast even when it only reads.
     */
    public static void protect(Config config, ClusterSettings settings, List<String> maps) {
        if (!settings.splitBrainProtected()) {
            return;
        }
        for (String map : maps) {
            MapConfig mapConfig = config.getMapConfigOrNull(map);
            if (mapConfig == null) {
                throw new IllegalArgumentException("no map " + map + " is configured to protect");
            }
            mapConfig.setSplitBrainProtectionName(MemberQuorum.NAME);
            mapConfig.getMergePolicyConfig().setPolicy(QuorumSideMergePolicy.class.getName());
        }
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
