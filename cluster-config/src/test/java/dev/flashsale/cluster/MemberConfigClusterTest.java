package dev.flashsale.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.GridInventory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real members on loopback, configured by {@link MemberConfigFactory} exactly as app nodes are. */
class MemberConfigClusterTest {

    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void stopMembers() {
        members.forEach(member -> member.getLifecycleService().terminate());
    }

    @Test
    void twoMembersFromTheFactoryFormOneClusterOnTheirAddresses() throws UnknownHostException {
        String clusterName = "cluster-test-" + UUID.randomUUID();
        int port1 = freePort();
        int port2 = freePort();
        List<String> memberList = List.of("127.0.0.1:" + port1, "127.0.0.1:" + port2);

        CompletableFuture<HazelcastInstance> first = CompletableFuture.supplyAsync(
                () -> start(ClusterSettings.of(clusterName, "127.0.0.1", port1, memberList)));
        CompletableFuture<HazelcastInstance> second = CompletableFuture.supplyAsync(
                () -> start(ClusterSettings.of(clusterName, "127.0.0.1", port2, memberList)));
        HazelcastInstance member1 = first.join();
        HazelcastInstance member2 = second.join();

        awaitClusterSize(2);
        assertThat(member1.getCluster().getMembers())
                .extracting(Member::getAddress)
                .containsExactlyInAnyOrder(new Address("127.0.0.1", port1), new Address("127.0.0.1", port2));
        assertThat(member2.getPartitionService().getPartitions()).hasSize(ClusterSettings.DEFAULT_PARTITION_COUNT);

        // The engine's configuration came along: a product opened through one member is read through the other.
        try (GridInventory through1 = new GridInventory(member1, EngineSettings.DEFAULTS);
                GridInventory through2 = new GridInventory(member2, EngineSettings.DEFAULTS)) {
            assertThat(through1.open(42, 10, SaleRules.UNLIMITED, OpId.random()))
                    .isEqualTo(new Outcome.Restocked(42, 10, 10));
            assertThat(through2.availability(42))
                    .hasValueSatisfying(stock -> assertThat(stock.available()).isEqualTo(10));
        }
    }

    @Test
    void aMemberOfAnotherClusterDoesNotJoin() {
        int port1 = freePort();
        int port2 = freePort();
        List<String> memberList = List.of("127.0.0.1:" + port1, "127.0.0.1:" + port2);

        HazelcastInstance member1 =
                start(ClusterSettings.of("cluster-a-" + UUID.randomUUID(), "127.0.0.1", port1, memberList));
        HazelcastInstance member2 =
                start(ClusterSettings.of("cluster-b-" + UUID.randomUUID(), "127.0.0.1", port2, memberList));

        assertThat(member1.getCluster().getMembers()).hasSize(1);
        assertThat(member2.getCluster().getMembers()).hasSize(1);
    }

    private HazelcastInstance start(ClusterSettings settings) {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(MemberConfigFactory.build(settings));
        synchronized (members) {
            members.add(member);
        }
        return member;
    }

    private void awaitClusterSize(int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!members.stream()
                .allMatch(member -> member.getCluster().getMembers().size() == expected)) {
            assertThat(System.nanoTime() - deadline)
                    .as("cluster of " + expected + " formed in time")
                    .isNegative();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
