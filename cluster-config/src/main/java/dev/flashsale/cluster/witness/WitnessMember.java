package dev.flashsale.cluster.witness;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.spi.properties.ClusterProperty;
import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.cluster.MemberConfigFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The witness: a lite Hazelcast member of the app nodes' cluster that holds no data and serves no request, run on a
 * database server so that the cluster has a third voter. With two app nodes cut apart, the one that still reaches the
 * witness keeps the quorum and sells; the other refuses every change ({@code docs/guarantees.md}).
 *
 * <p>Started by {@code scripts/witness} from the app's jar with this class as the main class:
 *
 * <pre>
 * --cluster-name=flash-sale --address=127.0.0.1 --port=5700 --members=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5700
 * </pre>
 *
 * Its configuration is {@link MemberConfigFactory#buildWitness}: the nodes' own, as a lite member. It logs through
 * java.util.logging (INFO and above, to standard error) and leaves the cluster gracefully on SIGTERM.
 */
public final class WitnessMember {

    private static final Set<String> OPTIONS = Set.of("cluster-name", "address", "port", "members");

    private WitnessMember() {}

    public static void main(String[] args) throws InterruptedException {
        ClusterSettings settings;
        try {
            settings = settings(args);
        } catch (IllegalArgumentException wrong) {
            System.err.println("witness: " + wrong.getMessage());
            System.err.println(
                    "usage: --cluster-name=NAME --address=IP --port=PORT --members=HOST:PORT,HOST:PORT,HOST:PORT");
            System.exit(2);
            return;
        }
        Config config = MemberConfigFactory.buildWitness(settings);
        config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "jdk");
        config.setInstanceName("witness-" + settings.memberPort());
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        CountDownLatch stopped = new CountDownLatch(1);
        member.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        if (!member.getLifecycleService().isRunning()) {
            return;
        }
        System.err.println("witness: lite member " + settings.memberAddress() + ":" + settings.memberPort()
                + " of cluster " + settings.clusterName() + " runs; members " + settings.members());
        stopped.await();
    }

    /** The settings from {@code --name=value} arguments, every one of them required. */
    static ClusterSettings settings(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("arguments are --name=value: '" + arg + "'");
            }
            String name = arg.substring(2, equals);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            given.put(name, arg.substring(equals + 1));
        }
        for (String option : OPTIONS) {
            if (!given.containsKey(option)) {
                throw new IllegalArgumentException("--" + option + " is required");
            }
        }
        int port;
        try {
            port = Integer.parseInt(given.get("port"));
        } catch (NumberFormatException notNumber) {
            throw new IllegalArgumentException("--port is a number: '" + given.get("port") + "'", notNumber);
        }
        List<String> members = Arrays.stream(given.get("members").split(","))
                .map(String::strip)
                .filter(member -> !member.isEmpty())
                .toList();
        ClusterSettings settings = ClusterSettings.of(given.get("cluster-name"), given.get("address"), port, members);
        requireSortsFirst(settings);
        return settings;
    }

    /**
     * Refuses a witness whose address does not sort below every other member's. After a split between sides of one
     * data member each, Hazelcast merges the side whose master's {@code [host]:port} sorts higher into the other; the
     * witness, started first, is the master of the side that kept the quorum, so it must sort lowest for a node that
     * was cut off to merge into that side and not the other way round ({@code docs/guarantees.md}).
     */
    static void requireSortsFirst(ClusterSettings settings) {
        String witness = mergeKey(settings.memberAddress(), settings.memberPort());
        for (String member : settings.members()) {
            int colon = member.lastIndexOf(':');
            String host = member.substring(0, colon);
            int memberPort = Integer.parseInt(member.substring(colon + 1));
            String other = mergeKey(host, memberPort);
            if (!other.equals(witness) && witness.compareTo(other) > 0) {
                throw new IllegalArgumentException("the witness " + witness + " must sort below every member's address,"
                        + " but " + other + " sorts below it: give the witness a lower port (as 5700 below 5701 and"
                        + " 5702) or an address that sorts first, so that a node cut off merges into the witness's side"
                        + " (docs/guarantees.md)");
            }
        }
    }

    /** An address as Hazelcast compares two masters' to decide which side merges: {@code [host]:port}, as text. */
    private static String mergeKey(String host, int port) {
        return "[" + host + "]:" + port;
    }
}
