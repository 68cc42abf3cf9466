package dev.flashsale.cluster.splitbrain;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.logging.ILogger;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a data member that lost its quorum out of every merge while the network around it is only partly there.
 *
 * <p><b>Why.</b> When the two app nodes are cut from each other but both still reach the witness, Hazelcast's master
 * (the witness) removes one of them (partial member disconnection resolution, {@code MemberConfigFactory}). The removed
 * node is alone, without quorum, and refuses changes; the other node and the witness sell. But the removed node still
 * reaches the witness, and Hazelcast's next merge search would put the two sides together again: either the removed
 * node joins the witness's side (and the master removes one of the two nodes again, perhaps the one that holds the
 * data), or the witness's side merges into the removed node, and the node that sold drops its data and then cannot
 * join a master it cannot reach. So a member without quorum that reaches some of the other members but not all of them
 * changes its own cluster's state to {@link ClusterState#FROZEN}, in which Hazelcast neither starts a merge nor answers
 * another side's merge check; its side (the member alone) holds nothing that anyone waits for.
 *
 * <p><b>When.</b> While it is without quorum (after it had it once), the member {@linkplain Probe probes} every other
 * member of the member list every {@link #PROBE_INTERVAL}, and at once when a member leaves. It freezes while some are
 * reached and some are cut off; it thaws ({@link ClusterState#ACTIVE}) once two probes in a row find none cut off (the
 * cut healed: Hazelcast merges the sides as after any split, {@link QuorumSideMergePolicy}, {@link
 * MemberQuorum#SETTLE}) or none reached (cut off from everyone: no side can merge with it until that changes). A member
 * that is down (its port refuses the connection) counts as neither: a node alone whose peer and witness are down must
 * let them join when they come back, and a frozen cluster turns joining members away.
 *
 * <p>The witness (a lite member) never freezes: the nodes join it when they start. A member that never had the quorum
 * (a node started before the others) does not freeze either.
 *
 * <p>Registered by {@code MemberConfigFactory} as a membership and lifecycle listener of every member with split-brain
 * protection. Thread-safe: Hazelcast's event threads only hand work to its own single thread.
 */
public final class MergeFreeze implements MembershipListener, LifecycleListener, HazelcastInstanceAware {

    /** How often a member without quorum probes the others. */
    public static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

    /** How long a probe waits for a connection (a cut that drops packets answers nothing). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private static final int CALM_PROBES_TO_THAW = 2;

    /** What a probe finds at another member's address. */
    public enum Reach {
        /** It accepts a connection. */
        REACHED,
        /** Its machine refuses the connection: nothing listens, the member is down. */
        DOWN,
        /** No answer, or no route: the network between the two is cut. */
        CUT
    }

    /** Finds out whether this member reaches another member's address. */
    @FunctionalInterface
    public interface Probe {
        Reach reach(Address from, Address to);
    }

    private final int minimumClusterSize;
    private final List<String> members;
    private volatile Probe probe = MergeFreeze::connect;
    private volatile HazelcastInstance hazelcast;
    private volatile ScheduledExecutorService worker;
    private volatile boolean frozen;

    // Touched by the worker thread only.
    private boolean hadQuorum;
    private int calmProbes;

    /**
     * @param minimumClusterSize the members, the witness included, a member must see to have the quorum
     * @param members the member list, as {@code host:port} (this member's own entry is left out of the probes)
     */
    public MergeFreeze(int minimumClusterSize, List<String> members) {
        if (minimumClusterSize < 2) {
            throw new IllegalArgumentException("a quorum needs at least 2 members: " + minimumClusterSize);
        }
        this.minimumClusterSize = minimumClusterSize;
        this.members = List.copyOf(Objects.requireNonNull(members, "members"));
    }

    /** Replaces the TCP probe, for a test whose cuts are not in the network. */
    void probeWith(Probe replacement) {
        this.probe = Objects.requireNonNull(replacement, "replacement");
    }

    @Override
    public synchronized void setHazelcastInstance(HazelcastInstance instance) {
        this.hazelcast = instance;
        if (worker == null) {
            worker = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("merge-freeze").factory());
            worker.scheduleWithFixedDelay(
                    this::check, PROBE_INTERVAL.toMillis(), PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        runNow();
    }

    /** A member that just lost its quorum probes at once, before Hazelcast's next merge search. */
    @Override
    public void memberRemoved(MembershipEvent event) {
        runNow();
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
        if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
            ScheduledExecutorService running = worker;
            if (running != null) {
                running.shutdownNow();
            }
        }
    }

    private void runNow() {
        ScheduledExecutorService running = worker;
        if (running != null && !running.isShutdown()) {
            running.execute(this::check);
        }
    }

    private void check() {
        HazelcastInstance instance = hazelcast;
        try {
            if (instance == null || !instance.getLifecycleService().isRunning()) {
                return;
            }
            Cluster cluster = instance.getCluster();
            if (cluster.getLocalMember().isLiteMember()) {
                return;
            }
            if (cluster.getMembers().size() >= minimumClusterSize) {
                hadQuorum = true;
                // A merge replaces the cluster state with the other side's; nothing of ours is left to thaw.
                frozen = frozen && cluster.getClusterState() == ClusterState.FROZEN;
                return;
            }
            if (!hadQuorum) {
                return;
            }
            Map<Address, Reach> found = probeOthers(cluster.getLocalMember().getAddress());
            boolean partial = found.containsValue(Reach.REACHED) && found.containsValue(Reach.CUT);
            if (partial) {
                calmProbes = 0;
                if (!frozen) {
                    cluster.changeClusterState(ClusterState.FROZEN);
                    frozen = true;
                    logger(instance)
                            .warning("merge freeze: without quorum, and the network is partial (" + found
                                    + "): this member's cluster is FROZEN, it merges with no side until it reaches"
                                    + " all the other members again");
                }
                return;
            }
            if (frozen && ++calmProbes >= CALM_PROBES_TO_THAW) {
                cluster.changeClusterState(ClusterState.ACTIVE);
                frozen = false;
                logger(instance).warning("merge freeze: thawed (" + found + "): merges may run again");
            }
        } catch (RuntimeException failure) {
            // A state change fails while partitions are promoted or members change: the next round tries again.
            if (instance != null) {
                logger(instance).fine("merge freeze: will try again: " + failure);
            }
        }
    }

    private Map<Address, Reach> probeOthers(Address self) {
        Map<Address, Reach> found = new LinkedHashMap<>();
        for (String member : members) {
            Address other = address(member);
            if (!other.equals(self)) {
                found.put(other, probe.reach(self, other));
            }
        }
        return found;
    }

    /** The production probe: a TCP connection from this member's address to the other's member port, then closed. */
    static Reach connect(Address from, Address to) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from.getInetAddress(), 0));
            socket.connect(new InetSocketAddress(to.getInetAddress(), to.getPort()), (int) CONNECT_TIMEOUT.toMillis());
            return Reach.REACHED;
        } catch (ConnectException refused) {
            String message = String.valueOf(refused.getMessage());
            return message.contains("refused") ? Reach.DOWN : Reach.CUT;
        } catch (IOException noAnswerOrNoRoute) {
            return Reach.CUT;
        }
    }

    private static ILogger logger(HazelcastInstance instance) {
        return instance.getLoggingService().getLogger(MergeFreeze.class);
    }

    private static Address address(String member) {
        int colon = member.lastIndexOf(':');
        String host = member.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Address(host, Integer.parseInt(member.substring(colon + 1)));
        } catch (UnknownHostException unknown) {
            throw new IllegalStateException("member " + member + " has an unknown host", unknown);
        }
    }
}
