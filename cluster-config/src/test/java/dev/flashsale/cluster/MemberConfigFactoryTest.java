package dev.flashsale.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.flashsale.cluster.splitbrain.MemberQuorum;
import dev.flashsale.cluster.splitbrain.MergeFreeze;
import dev.flashsale.cluster.splitbrain.QuorumSideMergePolicy;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.InventoryMaps;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemberConfigFactoryTest {

    private static final ClusterSettings NODE_1 =
            ClusterSettings.of("flash-sale", "127.0.0.1", 5701, List.of("127.0.0.1:5701", "127.0.0.1:5702"));

    private final Config config = MemberConfigFactory.build(NODE_1);

    @Test
    void namesTheCluster() {
        assertThat(config.getClusterName()).isEqualTo("flash-sale");
    }

    @Test
    void listensOnTheMemberAddressAndPortOnly() {
        var network = config.getNetworkConfig();

        assertThat(network.getPort()).isEqualTo(5701);
        assertThat(network.isPortAutoIncrement()).isFalse();
        assertThat(network.getInterfaces().isEnabled()).isTrue();
        assertThat(network.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    }

    @Test
    void joinsOnlyTheListedMembers() {
        JoinConfig join = config.getNetworkConfig().getJoin();

        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    }

    @Test
    void removesASilentMemberWithinSeconds() {
        assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
        assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
    }

    @Test
    void setsThePartitionCount() {
        Config other = MemberConfigFactory.build(NODE_1.withPartitionCount(71));

        assertThat(config.getProperty("hazelcast.partition.count")).isEqualTo("271");
        assertThat(other.getProperty("hazelcast.partition.count")).isEqualTo("71");
    }

    @Test
    void carriesTheEnginesMapsAndFailureSemantics() {
        Config withThreeBackups =
                MemberConfigFactory.build(NODE_1.withEngine(EngineSettings.DEFAULTS.withBackupCount(3)));

        assertThat(config.getMapConfigs())
                .containsKeys(InventoryMaps.STOCK, InventoryMaps.LEDGERS, InventoryMaps.RULES);
        assertThat(config.getMapConfig(InventoryMaps.STOCK).getInMemoryFormat()).isEqualTo(InMemoryFormat.OBJECT);
        assertThat(config.getProperty("hazelcast.operation.fail.on.indeterminate.state"))
                .isEqualTo("true");
        assertThat(withThreeBackups.getMapConfig(InventoryMaps.STOCK).getBackupCount())
                .isEqualTo(3);
    }

    @Test
    void keepsTheCatalogueNearEveryMemberAndInvalidatesItAtOnce() {
        var nearCache = config.getMapConfig(InventoryMaps.PRODUCTS).getNearCacheConfig();

        assertThat(nearCache).isNotNull();
        assertThat(nearCache.isInvalidateOnChange()).isTrue();
        assertThat(nearCache.isCacheLocalEntries()).isTrue();
        assertThat(nearCache.getInMemoryFormat()).isEqualTo(InMemoryFormat.OBJECT);
        assertThat(config.getProperty("hazelcast.map.invalidation.batch.enabled"))
                .isEqualTo("false");
    }

    @Test
    void reportsMetricsAndTrustsManagementCenterOnlyFromTheGivenInterfaces() {
        assertThat(config.getMetricsConfig().isEnabled()).isTrue();
        assertThat(config.getManagementCenterConfig().getTrustedInterfaces()).containsExactly("127.0.0.1");
        assertThat(config.getManagementCenterConfig().isScriptingEnabled()).isFalse();
        assertThat(config.getManagementCenterConfig().isConsoleEnabled()).isFalse();
    }

    @Test
    void handsPartitionsOverOnShutdownWithinTheGivenTime() {
        assertThat(config.getProperty("hazelcast.shutdownhook.policy")).isEqualTo("GRACEFUL");
        assertThat(config.getProperty("hazelcast.graceful.shutdown.max.wait")).isEqualTo("15");
    }

    @Test
    void sendsNothingHomeAndRunsNoJet() {
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getJetConfig().isEnabled()).isFalse();
    }

    @Test
    void logsThroughSlf4j() {
        assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
    }

    @Test
    void protectsTheSaleStateWithAQuorumThatCountsTheWitnessWhenAsked() {
        ClusterSettings protectedNode = ClusterSettings.of(
                        "flash-sale", "127.0.0.1", 5701, List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"))
                .withMinimumClusterSize(2);
        Config protectedConfig = MemberConfigFactory.build(protectedNode);

        var protection = protectedConfig.getSplitBrainProtectionConfig(MemberQuorum.NAME);
        assertThat(protection.isEnabled()).isTrue();
        assertThat(protection.getProtectOn()).isEqualTo(SplitBrainProtectionOn.WRITE);
        assertThat(protection.getFunctionImplementation()).isInstanceOf(MemberQuorum.class);
        for (String map : MemberConfigFactory.PROTECTED_ENGINE_MAPS) {
            assertThat(protectedConfig.getMapConfig(map).getSplitBrainProtectionName())
                    .isEqualTo(MemberQuorum.NAME);
            assertThat(protectedConfig.getMapConfig(map).getMergePolicyConfig().getPolicy())
                    .isEqualTo(QuorumSideMergePolicy.class.getName());
        }
        assertThat(protectedConfig.getMapConfig(InventoryMaps.PRODUCTS).getSplitBrainProtectionName())
                .isNull();
        // The master removes members to end a partial disconnection; a member without quorum keeps out of merges
        // while the network is partial.
        assertThat(protectedConfig.getProperty("hazelcast.partial.member.disconnection.resolution.heartbeat.count"))
                .isEqualTo("3");
        assertThat(protectedConfig.getListenerConfigs())
                .anyMatch(listener -> listener.getImplementation() instanceof MergeFreeze);
        // Without protection, nothing of it is configured.
        assertThat(config.getSplitBrainProtectionConfigs()).isEmpty();
        assertThat(config.getListenerConfigs())
                .noneMatch(listener -> listener.getImplementation() instanceof MergeFreeze);
        assertThat(config.getMapConfig(InventoryMaps.STOCK).getSplitBrainProtectionName())
                .isNull();
    }
}
