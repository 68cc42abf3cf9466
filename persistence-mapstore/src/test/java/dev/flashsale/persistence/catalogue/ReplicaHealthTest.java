package dev.flashsale.persistence.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReplicaHealthTest {

    private static final Duration MAX_LAG = Duration.ofSeconds(5);

    private static Optional<ReplicationStatus> replicating(long secondsBehind) {
        return Optional.of(new ReplicationStatus("Yes", "Yes", OptionalLong.of(secondsBehind), ""));
    }

    @Test
    void readsAReplicaWithinTheAllowedLag() {
        assertThat(ReplicaHealth.assess(replicating(0), MAX_LAG)).isEqualTo(new ReplicaHealth.Current(0));
        assertThat(ReplicaHealth.assess(replicating(5), MAX_LAG)).isEqualTo(new ReplicaHealth.Current(5));
    }

    @Test
    void leavesAReplicaThatLagsBeyondTheBound() {
        assertThat(ReplicaHealth.assess(replicating(6), MAX_LAG))
                .isInstanceOfSatisfying(ReplicaHealth.Unusable.class, unusable -> {
                    assertThat(unusable.reason()).isEqualTo(FallbackReason.LAGGING);
                    assertThat(unusable.lagSeconds()).hasValue(6);
                });
    }

    @Test
    void leavesAReplicaWhoseReplicationStopped() {
        Optional<ReplicationStatus> sqlThreadStopped =
                Optional.of(new ReplicationStatus("Yes", "No", OptionalLong.empty(), "Error 1062"));
        Optional<ReplicationStatus> primaryGone = Optional.of(
                new ReplicationStatus("Connecting", "Yes", OptionalLong.empty(), "Can't connect to server"));

        assertThat(ReplicaHealth.assess(sqlThreadStopped, MAX_LAG))
                .isInstanceOfSatisfying(ReplicaHealth.Unusable.class, unusable -> {
                    assertThat(unusable.reason()).isEqualTo(FallbackReason.NOT_REPLICATING);
                    assertThat(unusable.detail()).contains("sql thread No", "Error 1062");
                });
        assertThat(ReplicaHealth.assess(primaryGone, MAX_LAG))
                .isInstanceOfSatisfying(
                        ReplicaHealth.Unusable.class,
                        unusable -> assertThat(unusable.reason()).isEqualTo(FallbackReason.NOT_REPLICATING));
    }

    @Test
    void leavesAServerThatIsNotAReplica() {
        assertThat(ReplicaHealth.assess(Optional.empty(), MAX_LAG))
                .isInstanceOfSatisfying(
                        ReplicaHealth.Unusable.class,
                        unusable -> assertThat(unusable.reason()).isEqualTo(FallbackReason.NOT_REPLICATING));
    }
}
