package dev.flashsale.cluster;

import dev.flashsale.engine.grid.EngineSettings;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that makes one app node's Hazelcast member: its identity on the network, the members it joins, how fast
 * it notices a dead member, and the engine's tunables. {@link MemberConfigFactory} turns it into a Hazelcast
 * configuration.
 *
 * <p>Invariants, checked on construction: the member address is an IP literal of this machine (no name lookup), ports
 * are 1..65535, the member list names every member as {@code host:port} (members are found only by this list: no
 * multicast, no auto-detection), failure detection works in whole seconds and tolerates two lost heartbeats, and a
 * caller's {@link EngineSettings#callDeadline() call deadline} outlasts failure detection, so that callers of a dead
 * member's partitions see the failover instead of giving up before it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param clusterName name shared by the members of one cluster; members with another name never join it
 * @param memberAddress IP address this member binds to and announces, e.g. {@code 127.0.0.1}
 * @param memberPort port this member listens on; no other port is tried
 * @param members every member of the cluster as {@code host:port}, this one included or not
 * @param engine the stock engine's tunables
 * @param heartbeatInterval how often members send each other heartbeats
 * @param maxNoHeartbeat how long a member may stay silent before it is removed from the cluster
 * @param partitionCount partitions of the cluster; every member must use the same count
 * @param managementCenterTrustedInterfaces addresses a Management Center may connect from (wildcards such as {@code
 *     10.0.0.*} allowed); never empty, since an empty set would trust every address
 * @param metricsEnabled whether the member collects its metrics (for Management Center and JMX)
 * @param gracefulShutdownMaxWait how long a shutting-down member waits at most to hand its partitions over
 * @param minimumClusterSize how many members, lite witness included, a member must see to change sale state (split-brain
 *     protection, see {@code docs/guarantees.md}); 1 switches the protection off. When on, it is a majority of the member
 *     list and at most its size: two sides of a split cannot both have it, and the whole list can reach it
 */
public record ClusterSettings(
        String clusterName,
        String memberAddress,
        int memberPort,
        List<String> members,
        EngineSettings engine,
        Duration heartbeatInterval,
        Duration maxNoHeartbeat,
        int partitionCount,
        Set<String> managementCenterTrustedInterfaces,
        boolean metricsEnabled,
        Duration gracefulShutdownMaxWait,
        int minimumClusterSize) {

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_NO_HEARTBEAT = Duration.ofSeconds(5);
    public static final int DEFAULT_PARTITION_COUNT = 271;
    public static final Set<String> DEFAULT_MANAGEMENT_CENTER_TRUSTED_INTERFACES = Set.of("127.0.0.1");
    /** Short enough that a member stops within the 30 s that {@code scripts/down} grants a node. */
    public static final Duration DEFAULT_GRACEFUL_SHUTDOWN_MAX_WAIT = Duration.ofSeconds(15);

    public ClusterSettings {
        if (clusterName == null || clusterName.isBlank() || !clusterName.strip().equals(clusterName)) {
            throw new IllegalArgumentException(
                    "a cluster name is not blank and has no surrounding spaces: '" + clusterName + "'");
        }
        requireIpLiteral(memberAddress);
        requirePort("memberPort", memberPort);
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        if (members.isEmpty()) {
            throw new IllegalArgumentException("the member list names at least one member");
        }
        members.forEach(ClusterSettings::requireHostAndPort);
        Objects.requireNonNull(engine, "engine");
        requireWholeSeconds("heartbeatInterval", heartbeatInterval);
        requireWholeSeconds("maxNoHeartbeat", maxNoHeartbeat);
        if (maxNoHeartbeat.compareTo(heartbeatInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("maxNoHeartbeat (" + maxNoHeartbeat
                    + ") must be at least three heartbeat intervals (" + heartbeatInterval
                    + "): one late heartbeat must not remove a member");
        }
        if (maxNoHeartbeat.compareTo(engine.callDeadline()) >= 0) {
            throw new IllegalArgumentException("maxNoHeartbeat (" + maxNoHeartbeat
                    + ") must be shorter than the engine's callDeadline (" + engine.callDeadline()
                    + "): callers must still be retrying when a dead member's partitions move");
        }
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partitionCount is at least 1: " + partitionCount);
        }
        managementCenterTrustedInterfaces = Set.copyOf(
                Objects.requireNonNull(managementCenterTrustedInterfaces, "managementCenterTrustedInterfaces"));
        if (managementCenterTrustedInterfaces.isEmpty()
                || managementCenterTrustedInterfaces.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("name at least one Management Center trusted interface, none blank"
                    + " (an empty set would trust every address): " + managementCenterTrustedInterfaces);
        }
        requireWholeSeconds("gracefulShutdownMaxWait", gracefulShutdownMaxWait);
        if (minimumClusterSize < 1 || minimumClusterSize > members.size()) {
            throw new IllegalArgumentException("minimumClusterSize is 1 (no split-brain protection) up to the "
                    + members.size() + " members listed: " + minimumClusterSize);
        }
        if (minimumClusterSize > 1 && minimumClusterSize * 2 <= members.size()) {
            throw new IllegalArgumentException("minimumClusterSize " + minimumClusterSize + " is not a majority of the "
                    + members.size() + " members listed: both sides of a split could reach it and sell the same units");
        }
    }

    /**
     * Settings of one member with the defaults: engine {@link EngineSettings#DEFAULTS}, heartbeats every second, a
     * member removed after 5 s of silence, 271 partitions, Management Center trusted from 127.0.0.1 only, metrics on,
     * at most 15 s to hand partitions over on shutdown, and no split-brain protection ({@link
     * #withMinimumClusterSize(int)} turns it on; an app node has it on by default).
     */
    public static ClusterSettings of(String clusterName, String memberAddress, int memberPort, List<String> members) {
        return new ClusterSettings(
                clusterName,
                memberAddress,
                memberPort,
                members,
                EngineSettings.DEFAULTS,
                DEFAULT_HEARTBEAT_INTERVAL,
                DEFAULT_MAX_NO_HEARTBEAT,
                DEFAULT_PARTITION_COUNT,
                DEFAULT_MANAGEMENT_CENTER_TRUSTED_INTERFACES,
                true,
                DEFAULT_GRACEFUL_SHUTDOWN_MAX_WAIT,
                1);
    }

    /** Whether changes of sale state need a quorum ({@link #minimumClusterSize()} above 1). */
    public boolean splitBrainProtected() {
        return minimumClusterSize > 1;
    }

    public ClusterSettings withMinimumClusterSize(int size) {
        return new ClusterSettings(
                clusterName,
                memberAddress,
                memberPort,
                members,
                engine,
                heartbeatInterval,
                maxNoHeartbeat,
                partitionCount,
                managementCenterTrustedInterfaces,
                metricsEnabled,
                gracefulShutdownMaxWait,
                size);
    }

    /** The same member list and tunables for another member of the cluster, at {@code address}:{@code port}. */
    public ClusterSettings withMember(String address, int port) {
        return new ClusterSettings(
                clusterName,
                address,
                port,
                members,
                engine,
                heartbeatInterval,
                maxNoHeartbeat,
                partitionCount,
                managementCenterTrustedInterfaces,
                metricsEnabled,
                gracefulShutdownMaxWait,
                minimumClusterSize);
    }

    public ClusterSettings withEngine(EngineSettings settings) {
        return new ClusterSettings(
                clusterName,
                memberAddress,
                memberPort,
                members,
                settings,
                heartbeatInterval,
                maxNoHeartbeat,
                partitionCount,
                managementCenterTrustedInterfaces,
                metricsEnabled,
                gracefulShutdownMaxWait,
                minimumClusterSize);
    }

    public ClusterSettings withPartitionCount(int count) {
        return new ClusterSettings(
                clusterName,
                memberAddress,
                memberPort,
                members,
                engine,
                heartbeatInterval,
                maxNoHeartbeat,
                count,
                managementCenterTrustedInterfaces,
                metricsEnabled,
                gracefulShutdownMaxWait,
                minimumClusterSize);
    }

    private static void requireIpLiteral(String address) {
        if (address == null) {
            throw new IllegalArgumentException("memberAddress is an IP address, not null");
        }
        try {
            InetAddress.ofLiteral(address);
        } catch (IllegalArgumentException notLiteral) {
            throw new IllegalArgumentException(
                    "memberAddress is an IP address of this machine, not a name: '" + address + "'", notLiteral);
        }
    }

    private static void requireHostAndPort(String member) {
        if (member == null || member.isBlank()) {
            throw new IllegalArgumentException("a member is host:port, not blank");
        }
        URI uri;
        try {
            uri = URI.create("tcp://" + member);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException("a member is host:port: '" + member + "'", malformed);
        }
        if (uri.getHost() == null
                || uri.getPort() < 1
                || uri.getPort() > 65_535
                || uri.getUserInfo() != null
                || !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "a member is host:port with a port 1..65535 ([v6-address]:port for IPv6): '" + member + "'");
        }
    }

    private static void requirePort(String name, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(name + " is 1..65535: " + port);
        }
    }

    private static void requireWholeSeconds(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(name + " is a whole number of seconds, at least 1: " + duration);
        }
    }
}
