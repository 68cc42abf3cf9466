package dev.flashsale.api.node;

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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class GridHealthIndicatorTest {

    private final HazelcastInstance member = startMember();
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
                .containsEntry("clusterState", "ACTIVE");
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

    private static HazelcastInstance startMember() {
        int port = freePort();
        return Hazelcast.newHazelcastInstance(MemberConfigFactory.build(ClusterSettings.of(
                "health-test-" + UUID.randomUUID(), "127.0.0.1", port, List.of("127.0.0.1:" + port))));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
