package dev.flashsale.bench.engine;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.engine.grid.EngineGrid;
import dev.flashsale.engine.grid.EngineSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Embedded members on loopback for benchmarks, configured by the engine's own {@link EngineGrid}, the way an app node
 * embeds its member. Close it to stop them.
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
        Config config = new Config().setClusterName(clusterName).setInstanceName(clusterName + "-" + index);
        config.getNetworkConfig().setPort(basePort + index).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        var tcp = join.getTcpIpConfig().setEnabled(true);
        for (int i = 0; i < size; i++) {
            tcp.addMember("127.0.0.1:" + (basePort + i));
        }
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getJetConfig().setEnabled(false);
        return Hazelcast.newHazelcastInstance(EngineGrid.configure(config, settings));
    }
}
