package dev.flashsale.cluster.splitbrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.instance.impl.DefaultNodeContext;
import com.hazelcast.instance.impl.HazelcastInstanceFactory;
import com.hazelcast.internal.server.FirewallingServer;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.test.Accessors;
import com.hazelcast.test.TestHazelcastInstanceFactory;
import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.cluster.MemberConfigFactory;
import dev.flashsale.cluster.PersistentMember;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.grid.EngineSettings;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.grid.PersistenceGrid;
import dev.flashsale.persistence.grid.PersistenceSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The deployment's grid in one JVM: two app-node members and the lite witness, each built by {@link
 * MemberConfigFactory} exactly as in production (split-brain protection on, minimum cluster size 2), on loopback
 * with real TCP, but started through Hazelcast's firewalling node context (from its test support) so that a test can
 * cut the link between two members and heal it. A cut blocks the packets both ways, like a firewall rule on both
 * machines; each side then sees the other's heartbeats stop. Members look for the other side of a split every 5 s
 * (production: {@code MERGE_SEARCH_INTERVAL_SECONDS}). Close it to terminate every member.
 */
final class CuttableCluster implements AutoCloseable {

    static final int NODE1 = 0;
    static final int NODE2 = 1;
    static final int WITNESS = 2;

    /** A node's database: the map stores and their workers, as an app node attaches them. */
    private record Persistence(Database database, PersistenceSettings settings) {}

    private final List<HazelcastInstance> members = new CopyOnWriteArrayList<>();
    private final List<PersistenceGrid> persistenceGrids = new CopyOnWriteArrayList<>();
    private final Set<Set<Integer>> cuts = ConcurrentHashMap.newKeySet();
    private final ClusterSettings settings;
    private final int[] ports;
    private final Optional<Persistence> persistence;

    private CuttableCluster(ClusterSettings settings, int[] ports, Optional<Persistence> persistence) {
        this.settings = settings;
        this.ports = ports;
        this.persistence = persistence;
    }

    /**
     * Starts the witness first, as scripts/up does (so it is the oldest member, the master), then node 1 and node 2, and
     * waits for a grid of three. {@code witnessAddressHighest} orders the ports: Hazelcast breaks the tie between two
     * sides of a split (one data member each) by comparing the masters' addresses, and the side whose master's address
     * is higher merges into the other; with the witness highest, the witness's side merges into the lone node.
     */
    static CuttableCluster start(EngineSettings engine, boolean witnessAddressHighest) {
        return start(engine, witnessAddressHighest, Optional.empty());
    }

    /**
     * As {@link #start(EngineSettings, boolean)} with the witness's address lowest (as deployed), each node with the
     * database's map stores on {@code database}, started as an app node starts them ({@link PersistenceGrid#start}).
     */
    static CuttableCluster startPersistent(EngineSettings engine, Database database, PersistenceSettings settings) {
        return start(engine, false, Optional.of(new Persistence(database, settings)));
    }

    private static CuttableCluster start(
            EngineSettings engine, boolean witnessAddressHighest, Optional<Persistence> persistence) {
        int[] sorted = java.util.stream.IntStream.generate(CuttableCluster::freePort)
                .distinct()
                .limit(3)
                .sorted()
                .toArray();
        int[] ports = witnessAddressHighest
                ? new int[] {sorted[0], sorted[1], sorted[2]}
                : new int[] {sorted[1], sorted[2], sorted[0]};
        List<String> memberList =
                List.of("127.0.0.1:" + ports[NODE1], "127.0.0.1:" + ports[NODE2], "127.0.0.1:" + ports[WITNESS]);
        ClusterSettings settings = ClusterSettings.of(
                        "split-brain-" + UUID.randomUUID(), "127.0.0.1", ports[NODE1], memberList)
                .withEngine(engine)
                .withMinimumClusterSize(2);
        CuttableCluster cluster = new CuttableCluster(settings, ports, persistence);
        HazelcastInstance witness = cluster.startMember(WITNESS);
        HazelcastInstance node1 = cluster.startMember(NODE1);
        HazelcastInstance node2 = cluster.startMember(NODE2);
        cluster.members.addAll(List.of(node1, node2, witness));
        cluster.awaitSizes(3, 3, 3);
        cluster.awaitSafe();
        return cluster;
    }

    /** Listens, from now on, to the lifecycle of node 1, node 2 and the witness, for merges. */
    MergeEvents mergeEvents() {
        return MergeEvents.of(
                List.of(member(NODE1), member(NODE2), member(WITNESS)), List.of("node1", "node2", "witness"));
    }

    HazelcastInstance member(int index) {
        return members.get(index);
    }

    /** Starts member {@code index} again (a new member on the same address), after it was terminated. */
    HazelcastInstance restart(int index) {
        HazelcastInstance member = startMember(index);
        members.set(index, member);
        return member;
    }

    private HazelcastInstance startMember(int index) {
        ClusterSettings own = settings.withMember("127.0.0.1", ports[index]);
        Optional<PersistentMember> persistent = persistence
                .filter(ignored -> index != WITNESS)
                .map(attached -> MemberConfigFactory.build(
                        own, attached.database(), attached.settings(), new SimpleMeterRegistry()));
        Config config = index == WITNESS
                ? MemberConfigFactory.buildWitness(own)
                : persistent.map(PersistentMember::config).orElseGet(() -> MemberConfigFactory.build(own));
        // The cuts are in the members' connection managers, not in the network: a member without quorum probes the
        // others through this cluster's record of them instead of a TCP connection.
        config.getListenerConfigs().stream()
                .map(ListenerConfig::getImplementation)
                .filter(MergeFreeze.class::isInstance)
                .map(MergeFreeze.class::cast)
                .forEach(freeze -> freeze.probeWith(this::reach));
        config.setProperty(ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS.getName(), "5");
        config.setProperty(ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS.getName(), "5");
        config.setInstanceName(settings.clusterName() + "-" + index + "-" + UUID.randomUUID());
        HazelcastInstance member = HazelcastInstanceFactory.newHazelcastInstance(
                config,
                config.getInstanceName(),
                new TestHazelcastInstanceFactory.FirewallingNodeContext(new DefaultNodeContext()));
        persistent.ifPresent(attached -> {
            attached.persistence().start(member);
            persistenceGrids.add(attached.persistence());
        });
        return member;
    }

    /** Blocks every packet between the two members, both ways, and drops their connection. */
    void cut(int first, int second) {
        Address firstAddress = address(first);
        Address secondAddress = address(second);
        firewall(first).blockNewConnection(secondAddress);
        firewall(second).blockNewConnection(firstAddress);
        firewall(first).closeActiveConnection(secondAddress);
        firewall(second).closeActiveConnection(firstAddress);
        cuts.add(Set.of(first, second));
    }

    /** Lets packets between the two members pass again. */
    void heal(int first, int second) {
        firewall(first).unblock(address(second));
        firewall(second).unblock(address(first));
        cuts.remove(Set.of(first, second));
    }

    /** What a probe from one member to another would find in a network cut as this cluster's links are. */
    private MergeFreeze.Reach reach(Address from, Address to) {
        int source = indexOf(from.getPort());
        int target = indexOf(to.getPort());
        if (cuts.contains(Set.of(source, target))) {
            return MergeFreeze.Reach.CUT;
        }
        boolean running = target < members.size()
                && members.get(target).getLifecycleService().isRunning();
        return running ? MergeFreeze.Reach.REACHED : MergeFreeze.Reach.DOWN;
    }

    private int indexOf(int port) {
        for (int index = 0; index < ports.length; index++) {
            if (ports[index] == port) {
                return index;
            }
        }
        throw new IllegalArgumentException("no member on port " + port);
    }

    /** Terminates member {@code index} as kill -9 would: nothing handed over. */
    void kill(int index) {
        members.get(index).getLifecycleService().terminate();
    }

    /**
     * After a cut between the two nodes: waits until the master (the witness) has removed one of them, so that the
     * other node and the witness see each other and the removed node sees itself; answers which node was removed.
     */
    int awaitNodeRemoved() {
        await(
                () -> (sizeSeenBy(NODE1) == 1 || sizeSeenBy(NODE2) == 1) && sizeSeenBy(WITNESS) == 2,
                Duration.ofSeconds(60),
                "the master to remove one of the nodes cut apart");
        return sizeSeenBy(NODE1) == 1 ? NODE1 : NODE2;
    }

    int sizeSeenBy(int index) {
        return members.get(index).getCluster().getMembers().size();
    }

    MemberQuorum quorumOf(int index) {
        return MemberQuorum.of(members.get(index)).orElseThrow();
    }

    /** Whether Hazelcast's split-brain protection on the member lets changes through (as of its latest check). */
    boolean protectionAllowsChanges(int index) {
        return members.get(index)
                .getSplitBrainProtectionService()
                .getSplitBrainProtection(MemberQuorum.NAME)
                .hasMinimumSize();
    }

    /**
     * Waits until the split has healed: every member sees all three, the merging side has finished merging (MERGED) and
     * both nodes allow changes again (their settling period is over).
     */
    void awaitHealed(MergeEvents merges) {
        awaitSizes(3, 3, 3);
        await(merges::finished, Duration.ofSeconds(90), "the merge to finish: " + merges);
        await(
                () -> protectionAllowsChanges(NODE1) && protectionAllowsChanges(NODE2),
                MemberQuorum.SETTLE.plusSeconds(30),
                "both nodes to allow changes again");
        awaitSafe();
    }

    /** Waits until node 1, node 2 and the witness see the given cluster sizes (0: that member is not asked). */
    void awaitSizes(int node1, int node2, int witness) {
        int[] expected = {node1, node2, witness};
        await(
                () -> {
                    for (int index = 0; index < expected.length; index++) {
                        if (expected[index] > 0 && sizeSeenBy(index) != expected[index]) {
                            return false;
                        }
                    }
                    return true;
                },
                Duration.ofSeconds(90),
                "cluster sizes " + node1 + "/" + node2 + "/" + witness);
    }

    /** Waits until every running member's partitions are safe (no migration, every backup in sync). */
    void awaitSafe() {
        await(
                () -> members.stream()
                        .filter(member -> member.getLifecycleService().isRunning())
                        .allMatch(member -> member.getPartitionService().isClusterSafe()),
                Duration.ofSeconds(90),
                "a safe cluster");
    }

    static void await(BooleanSupplier condition, Duration limit, String what) {
        long giveUpAt = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUpAt > 0) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private Address address(int index) {
        return Accessors.getNode(members.get(index)).getThisAddress();
    }

    private FirewallingServer.FirewallingServerConnectionManager firewall(int index) {
        return (FirewallingServer.FirewallingServerConnectionManager)
                Accessors.getNode(members.get(index)).getServer().getConnectionManager(EndpointQualifier.MEMBER);
    }

    @Override
    public void close() {
        members.forEach(member -> member.getLifecycleService().terminate());
        persistenceGrids.forEach(PersistenceGrid::close);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /**
     * Opens products 1..{@code products} through {@code inventory}, each with {@code units} units and no per-buyer
     * limit (spread over every node's partitions); returns a counter of acknowledged sales for each.
     */
    static Map<Long, AtomicLong> openProducts(GridInventory inventory, int products, long units) {
        Map<Long, AtomicLong> sold = new LinkedHashMap<>();
        for (long product = 1; product <= products; product++) {
            assertThat(inventory.open(product, units, SaleRules.UNLIMITED, OpId.random()))
                    .isInstanceOf(Outcome.Restocked.class);
            sold.put(product, new AtomicLong());
        }
        return sold;
    }
}
