package dev.flashsale.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.cluster.MemberConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class GridHealthIndicatorTest {

    private final String clusterName = "health-test-" + UUID.randomUUID();
    private final int port = freePort();
    private final HazelcastInstance member = startMember(clusterName, port, List.of(port));
    private final GridHealthIndicator indicator = new GridHealthIndicator(member);

    @AfterEach
    void stopMember() {
        member.getLifecycleService().terminate();
    }

    @Test
    void isUpWithTheClusterSizeAndSafetyWhileTheMemberRuns() {
        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("clusterSize", 1)
                .containsEntry("clusterSafe", true)
                .containsEntry("clusterSafeKnown", true)
                .containsEntry("memberSafe", true)
                .containsEntry("clusterState", "ACTIVE")
                .containsEntry("migrating", false)
                .containsEntry("migrationsPlanned", 0);
    }

    @Test
    void countsThePartitionsTheMemberOwns() {
        member.getMap("ownership-test").put(1, 1);

        Health health = indicator.health();

        assertThat(health.getDetails().get("ownedPartitions"))
                .isEqualTo((long) member.getPartitionService().getPartitions().size());
    }

    @Test
    void reportsTheMigrationsAMemberJoiningStarts() {
        // Partitions are assigned on first use; only assigned partitions migrate to a member that joins.
        member.getMap("migration-test").put(1, 1);
        int secondPort = freePort();
        HazelcastInstance second = startMember(clusterName, secondPort, List.of(port, secondPort));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Health health = indicator.health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails())
                        .containsEntry("clusterSize", 2)
                        .containsEntry("clusterSafe", true)
                        .containsEntry("migrating", false)
                        .containsEntry("migrationsRemaining", 0);
                long owned = (Long) health.getDetails().get("ownedPartitions");
                int partitions = (Integer) health.getDetails().get("partitionCount");
                assertThat(owned).isPositive().isLessThan(partitions);
                assertThat((Integer) health.getDetails().get("migrationsPlanned"))
                        .isPositive();
                assertThat(health.getDetails().get("migrationsCompleted"))
                        .isEqualTo(health.getDetails().get("migrationsPlanned"));
            });
        } finally {
            second.getLifecycleService().terminate();
        }
    }

    @Test
    void isOutOfServiceWhileTheClusterIsPassive() {
        member.getCluster().changeClusterState(ClusterState.PASSIVE);

        assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }

    @Test
    void isDownOnceTheMemberHasStopped() {
        member.shutdown();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }

    private static HazelcastInstance startMember(String clusterName, int port, List<Integer> members) {
        return Hazelcast.newHazelcastInstance(MemberConfigFactory.build(ClusterSettings.of(
                clusterName,
                "127.0.0.1",
                port,
                members.stream().map(member -> "127.0.0.1:" + member).toList())));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
