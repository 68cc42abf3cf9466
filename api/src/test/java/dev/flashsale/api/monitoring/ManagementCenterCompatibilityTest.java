package dev.flashsale.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.impl.protocol.codec.MCGetMapConfigCodec;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.ManagementCenterClient;
import dev.flashsale.api.support.NodeDatabase;
import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.cluster.MemberConfigFactory;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.grid.InventoryMaps;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Management Center cannot be installed here, so this test stands in for it: a Hazelcast Java client connects to an
 * app node's member as Management Center does (the cluster name and the member address of the node's settings) and
 * reads what Management Center reads, through the same client protocol messages. It proves the member configuration
 * lets Management Center in from a trusted interface, publishes the metrics it shows (among them those of the stock
 * map), and refuses it from any other address.
 */
class ManagementCenterCompatibilityTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final String CLUSTER = "mc-test-" + UUID.randomUUID();
    private static final int MEMBER_PORT = AppNode.freePort();

    private static NodeDatabase database;
    private static AppNode node;

    @BeforeAll
    static void startNode() {
        database = NodeDatabase.create("management_center");
        node = AppNode.start(CLUSTER, MEMBER_PORT, List.of(MEMBER_PORT), database, Map.of());
    }

    @AfterAll
    static void stopNode() throws SQLException {
        if (node != null) {
            node.close();
        }
        database.close();
    }

    @Test
    void readsTheMembersTheStockMapsConfigurationAndItsMetricsAsManagementCenterDoes() throws ExecutionException {
        long product = 4_000 + (System.nanoTime() & 0xFFF);
        node.bean(GridInventory.class).open(product, 25, SaleRules.UNLIMITED, OpId.random());
        MapConfig stockConfig = node.bean(HazelcastInstance.class).getConfig().getMapConfig(InventoryMaps.STOCK);

        try (ManagementCenterClient managementCenter = ManagementCenterClient.connect(CLUSTER, MEMBER_PORT)) {
            Set<Member> members = managementCenter.members();
            assertThat(members)
                    .singleElement()
                    .satisfies(
                            member -> assertThat(member.getAddress().getPort()).isEqualTo(MEMBER_PORT));
            assertThat(ClusterState.getById(managementCenter.clusterMetadata().currentState))
                    .isEqualTo(ClusterState.ACTIVE);

            MCGetMapConfigCodec.ResponseParameters seen = managementCenter.mapConfig(InventoryMaps.STOCK);
            assertThat(seen.backupCount).isEqualTo(stockConfig.getBackupCount());
            assertThat(seen.inMemoryFormat)
                    .isEqualTo(stockConfig.getInMemoryFormat().getId());

            Member member = members.iterator().next();
            Awaitility.await()
                    .atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(stockEntries(managementCenter, member))
                            .hasValueSatisfying(entries -> assertThat(entries).isGreaterThanOrEqualTo(1)));
        }
    }

    @Test
    void refusesManagementCenterFromAnAddressItDoesNotTrust() throws ExecutionException {
        int port = AppNode.freePort();
        String cluster = "mc-untrusted-" + UUID.randomUUID();
        ClusterSettings defaults = ClusterSettings.of(cluster, "127.0.0.1", port, List.of("127.0.0.1:" + port));
        // 192.0.2.1 is a documentation address: nothing connects from it, and this client connects from 127.0.0.1.
        HazelcastInstance member = Hazelcast.newHazelcastInstance(MemberConfigFactory.build(new ClusterSettings(
                defaults.clusterName(),
                defaults.memberAddress(),
                defaults.memberPort(),
                defaults.members(),
                defaults.engine(),
                defaults.heartbeatInterval(),
                defaults.maxNoHeartbeat(),
                defaults.partitionCount(),
                Set.of("192.0.2.1"),
                defaults.metricsEnabled(),
                defaults.gracefulShutdownMaxWait(),
                defaults.minimumClusterSize())));
        try (ManagementCenterClient managementCenter = ManagementCenterClient.connect(cluster, port)) {
            Member only = managementCenter.members().iterator().next();

            // The member refuses a Management Center message from an untrusted address with an AccessControlException
            // (a SecurityException, deprecated in the JDK); ordinary client operations are not affected.
            assertThat(managementCenter.members()).hasSize(1);
            assertThatThrownBy(() -> managementCenter.readMetrics(only, 0))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(SecurityException.class)
                    .hasMessageContaining("127.0.0.1");
            assertThatThrownBy(() -> managementCenter.mapConfig(InventoryMaps.STOCK))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(SecurityException.class)
                    .hasMessageContaining("127.0.0.1");
        } finally {
            member.getLifecycleService().terminate();
        }
    }

    /** The owned entries of the stock map in the member's latest metrics, if a collection has them yet. */
    private static Optional<Double> stockEntries(ManagementCenterClient managementCenter, Member member)
            throws ExecutionException {
        return managementCenter.readMetrics(member, 0).metrics().stream()
                .filter(metric -> metric.prefix().equals("map")
                        && InventoryMaps.STOCK.equals(metric.discriminatorValue())
                        && metric.metric().equals("ownedEntryCount"))
                .map(ManagementCenterClient.Metric::value)
                .reduce((earlier, later) -> later);
    }
}
