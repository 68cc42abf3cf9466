package dev.flashsale.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.flashsale.engine.grid.EngineSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    private static final List<String> MEMBERS = List.of("127.0.0.1:5701", "127.0.0.1:5702");

    static ClusterSettings node1() {
        return ClusterSettings.of("flash-sale", "127.0.0.1", 5701, MEMBERS);
    }

    static ClusterSettings withFailureDetection(Duration heartbeatInterval, Duration maxNoHeartbeat) {
        ClusterSettings base = node1();
        return new ClusterSettings(
                base.clusterName(),
                base.memberAddress(),
                base.memberPort(),
                base.members(),
                base.engine(),
                heartbeatInterval,
                maxNoHeartbeat,
                base.partitionCount(),
                base.managementCenterTrustedInterfaces(),
                base.metricsEnabled(),
                base.gracefulShutdownMaxWait(),
                base.minimumClusterSize());
    }

    static ClusterSettings withTrustedInterfaces(Set<String> trusted) {
        ClusterSettings base = node1();
        return new ClusterSettings(
                base.clusterName(),
                base.memberAddress(),
                base.memberPort(),
                base.members(),
                base.engine(),
                base.heartbeatInterval(),
                base.maxNoHeartbeat(),
                base.partitionCount(),
                trusted,
                base.metricsEnabled(),
                base.gracefulShutdownMaxWait(),
                base.minimumClusterSize());
    }

    @Test
    void detectsFailuresInSecondsByDefault() {
        ClusterSettings settings = node1();

        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.maxNoHeartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.engine()).isEqualTo(EngineSettings.DEFAULTS);
        assertThat(settings.managementCenterTrustedInterfaces()).containsExactly("127.0.0.1");
        assertThat(settings.metricsEnabled()).isTrue();
    }

    @Test
    void acceptsIpv6AddressesAndMembers() {
        ClusterSettings settings = ClusterSettings.of("flash-sale", "::1", 5701, List.of("[::1]:5701", "node-b:5702"));

        assertThat(settings.members()).containsExactly("[::1]:5701", "node-b:5702");
    }

    @Test
    void copiesItsCollections() {
        List<String> members = new ArrayList<>(MEMBERS);
        Set<String> trusted = new HashSet<>(Set.of("10.0.0.*"));
        ClusterSettings settings = new ClusterSettings(
                "flash-sale",
                "127.0.0.1",
                5701,
                members,
                EngineSettings.DEFAULTS,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                271,
                trusted,
                true,
                Duration.ofSeconds(15),
                1);
        members.clear();
        trusted.clear();

        assertThat(settings.members()).containsExactlyElementsOf(MEMBERS);
        assertThat(settings.managementCenterTrustedInterfaces()).containsExactly("10.0.0.*");
    }

    @Test
    void rejectsABlankOrPaddedClusterName() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterSettings.of(" ", "127.0.0.1", 5701, MEMBERS));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClusterSettings.of("flash-sale ", "127.0.0.1", 5701, MEMBERS));
    }

    @Test
    void rejectsAMemberAddressThatIsNotAnIpLiteral() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClusterSettings.of("flash-sale", "localhost", 5701, MEMBERS))
                .withMessageContaining("not a name");
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterSettings.of("flash-sale", null, 5701, MEMBERS));
    }

    @Test
    void rejectsPortsOutOfRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClusterSettings.of("flash-sale", "127.0.0.1", 0, MEMBERS));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClusterSettings.of("flash-sale", "127.0.0.1", 65_536, MEMBERS));
    }

    @Test
    void rejectsMembersWithoutAnExplicitPort() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClusterSettings.of("flash-sale", "127.0.0.1", 5701, List.of()));
        for (String member : List.of("127.0.0.1", "127.0.0.1:", "127.0.0.1:x", "127.0.0.1:70000", " ", "a:1/b")) {
            assertThatIllegalArgumentException()
                    .as(member)
                    .isThrownBy(() -> ClusterSettings.of("flash-sale", "127.0.0.1", 5701, List.of(member)));
        }
    }

    @Test
    void rejectsFailureDetectionThatIsNotInWholeSeconds() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> withFailureDetection(Duration.ofMillis(500), Duration.ofSeconds(5)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> withFailureDetection(Duration.ofSeconds(1), Duration.ofMillis(5500)));
    }

    @Test
    void rejectsAMemberRemovedAfterFewerThanThreeHeartbeats() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> withFailureDetection(Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .withMessageContaining("three heartbeat intervals");
        assertThat(withFailureDetection(Duration.ofSeconds(1), Duration.ofSeconds(3))
                        .maxNoHeartbeat())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void rejectsFailureDetectionSlowerThanTheCallersPatience() {
        // Hazelcast's one-minute default: callers would give up (callDeadline 20 s) before a dead member is removed.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> withFailureDetection(Duration.ofSeconds(5), Duration.ofSeconds(60)))
                .withMessageContaining("callDeadline");
    }

    @Test
    void rejectsAnEmptySetOfTrustedInterfaces() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> withTrustedInterfaces(Set.of()))
                .withMessageContaining("trust every address");
        assertThatIllegalArgumentException().isThrownBy(() -> withTrustedInterfaces(Set.of(" ")));
    }

    @Test
    void rejectsAPartitionCountBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> node1().withPartitionCount(0));
    }

    @Test
    void hasNoSplitBrainProtectionUnlessAsked() {
        assertThat(node1().minimumClusterSize()).isEqualTo(1);
        assertThat(node1().splitBrainProtected()).isFalse();
    }

    @Test
    void protectsWithAMajorityOfTheMemberListWitnessIncluded() {
        ClusterSettings withWitness = ClusterSettings.of(
                "flash-sale", "127.0.0.1", 5701, List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"));

        assertThat(withWitness.withMinimumClusterSize(2).splitBrainProtected()).isTrue();
        assertThat(withWitness.withMinimumClusterSize(3).minimumClusterSize()).isEqualTo(3);
    }

    @Test
    void rejectsAMinimumClusterSizeThatBothSidesOfASplitCouldReach() {
        // Four members listed, two on each side of a split: the size must be a majority.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClusterSettings.of(
                                "flash-sale",
                                "127.0.0.1",
                                5701,
                                List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703", "127.0.0.1:5704"))
                        .withMinimumClusterSize(2))
                .withMessageContaining("not a majority");
    }

    @Test
    void rejectsAMinimumClusterSizeTheMemberListCannotReach() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> node1().withMinimumClusterSize(3))
                .withMessageContaining("2 members listed");
        assertThatIllegalArgumentException().isThrownBy(() -> node1().withMinimumClusterSize(0));
    }
}
