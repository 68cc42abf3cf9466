package dev.flashsale.engine.grid;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Real Hazelcast members on loopback for tests: TCP-IP join on 127.0.0.1 with an explicit member list, a cluster name
 * of their own, the engine's configuration from {@link EngineGrid}, and failure detection in seconds so that a
 * terminated member is noticed quickly. Close it to stop every member it started.
 */
public final class TestGrid implements AutoCloseable {

    private static final AtomicInteger NEXT_PORT =
            new AtomicInteger(15701 + 50 * (int) (ProcessHandle.current().pid() % 40));

    private final String clusterName = "test-" + UUID.randomUUID();
    private final int basePort;
    private final int size;
    private final EngineSettings settings;
    private final List<HazelcastInstance> members = new ArrayList<>();

    private TestGrid(int size, EngineSettings settings) {
        this.size = size;
        this.settings = settings;
        this.basePort = NEXT_PORT.getAndAdd(size + 2);
    }

    /** Starts {@code size} members and waits until they form one cluster. */
    public static TestGrid start(int size, EngineSettings settings) {
        TestGrid grid = new TestGrid(size, settings);
        List<Thread> starters = IntStream.range(0, size)
                .mapToObj(i -> Thread.ofPlatform().start(() -> grid.add(grid.newMember(i))))
                .toList();
        starters.forEach(TestGrid::join);
        grid.awaitSize(size);
        return grid;
    }

    /** Settings for tests: the defaults, with recovery windows short enough to watch. */
    public static EngineSettings fastSettings() {
        return EngineSettings.DEFAULTS
                .withClaimGrace(Duration.ofSeconds(3), Duration.ofSeconds(2))
                .withReapInterval(Duration.ofMillis(200));
    }

    public HazelcastInstance member(int index) {
        synchronized (members) {
            return members.get(index);
        }
    }

    public List<HazelcastInstance> members() {
        synchronized (members) {
            return List.copyOf(members);
        }
    }

    public EngineSettings settings() {
        return settings;
    }

    /** Kills a member without a graceful shutdown: its partitions are not handed off, in-flight operations are lost. */
    public void terminate(HazelcastInstance member) {
        synchronized (members) {
            members.remove(member);
        }
        member.getLifecycleService().terminate();
    }

    /** Waits until every running member sees {@code expected} members. */
    public void awaitSize(int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (members().stream()
                    .allMatch(member -> member.getCluster().getMembers().size() == expected)) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("cluster did not reach " + expected + " members");
    }

    /** Waits until no partition is migrating and every backup is in sync. */
    public void awaitSafe() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (members().stream()
                    .allMatch(member -> member.getPartitionService().isClusterSafe())) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("cluster did not become safe");
    }

    @Override
    public void close() {
        members().forEach(member -> member.getLifecycleService().terminate());
        synchronized (members) {
            members.clear();
        }
    }

    private void add(HazelcastInstance member) {
        synchronized (members) {
            members.add(member);
        }
    }

    private HazelcastInstance newMember(int index) {
        Config config = new Config().setClusterName(clusterName).setInstanceName(clusterName + "-" + index);
        config.getNetworkConfig().setPort(basePort + index).setPortAutoIncrement(false);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        var tcp = join.getTcpIpConfig().setEnabled(true);
        for (int i = 0; i < size; i++) {
            tcp.addMember("127.0.0.1:" + (basePort + i));
        }
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.setProperty("hazelcast.partition.count", "71");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "600");
        config.getJetConfig().setEnabled(false);
        return Hazelcast.newHazelcastInstance(EngineGrid.configure(config, settings));
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
