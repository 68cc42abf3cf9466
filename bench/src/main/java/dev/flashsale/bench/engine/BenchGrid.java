package dev.flashsale.bench.engine;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.cluster.MemberConfigFactory;
import dev.flashsale.engine.grid.EngineSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Embedded members on loopback for benchmarks, configured by {@link MemberConfigFactory} exactly as an app node's
 * member is. Close it to stop them.
 */
public final class BenchGrid implements AutoCloseable {

    private final List<HazelcastInstance> members = new ArrayList<>();

    public BenchGrid(int size, int basePort, EngineSettings settings) {
        String clusterName = "bench-" + UUID.randomUUID();
        List<Thread> starters = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int index = i;
            starters.add(Thread.ofPlatform().start(() -> add(newMember(clusterName, basePort, size, index, settings))));
        }
        for (Thread starter : starters) {
            try {
                starter.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        while (members().stream()
                .anyMatch(member -> member.getCluster().getMembers().size() != size
                        || !member.getPartitionService().isClusterSafe())) {
            Thread.onSpinWait();
        }
    }

    public List<HazelcastInstance> members() {
        synchronized (members) {
            return List.copyOf(members);
        }
    }

    @Override
    public void close() {
        members().forEach(member -> member.getLifecycleService().shutdown());
    }

    private void add(HazelcastInstance member) {
        synchronized (members) {
            members.add(member);
        }
    }

    private static HazelcastInstance newMember(
            String clusterName, int basePort, int size, int index, EngineSettings settings) {
        List<String> members = IntStream.range(0, size)
                .mapToObj(i -> "127.0.0.1:" + (basePort + i))
                .toList();
        ClusterSettings cluster = ClusterSettings.of(clusterName, "127.0.0.1", basePort + index, members)
                .withEngine(settings);
        return Hazelcast.newHazelcastInstance(
                MemberConfigFactory.build(cluster).setInstanceName(clusterName + "-" + index));
    }
}
