package dev.flashsale.cluster.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.cluster.MemberConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class WitnessMemberTest {

    private static final String[] ARGS = {
        "--cluster-name=flash-sale",
        "--address=127.0.0.1",
        "--port=5700",
        "--members=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5700"
    };

    @Test
    void isALiteMemberOfTheNodesCluster() {
        ClusterSettings settings = WitnessMember.settings(ARGS);

        assertThat(settings.clusterName()).isEqualTo("flash-sale");
        assertThat(settings.memberPort()).isEqualTo(5700);
        assertThat(settings.members()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5700");
        assertThat(MemberConfigFactory.buildWitness(settings).isLiteMember()).isTrue();
        assertThat(MemberConfigFactory.build(settings).isLiteMember()).isFalse();
    }

    @Test
    void refusesMissingOrUnknownOptions() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WitnessMember.settings(new String[] {"--port=5700"}))
                .withMessageContaining("required");
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        WitnessMember.settings(List.of(ARGS[0], "--colour=red").toArray(String[]::new)))
                .withMessageContaining("unknown option");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WitnessMember.settings(new String[] {"port=5700"}))
                .withMessageContaining("--name=value");
    }

    @Test
    void refusesAnAddressThatDoesNotSortBelowEveryMembers() {
        // Hazelcast merges the side whose master's "[host]:port" sorts higher: the witness's side must never be it.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WitnessMember.settings(new String[] {
                    ARGS[0], ARGS[1], "--port=5703", "--members=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703"
                }))
                .withMessageContaining("[127.0.0.1]:5701 sorts below it");
        // Compared as text, as Hazelcast does: port 9700 sorts above 10701.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WitnessMember.settings(new String[] {
                    ARGS[0], ARGS[1], "--port=9700", "--members=127.0.0.1:10701,127.0.0.1:10702,127.0.0.1:9700"
                }))
                .withMessageContaining("[127.0.0.1]:10701 sorts below it");
        // An address that sorts first will do on any port (the namespaces' deployment: 10.77.0.100 below 10.77.0.1).
        assertThat(WitnessMember.settings(new String[] {
                            ARGS[0],
                            "--address=10.77.0.100",
                            "--port=5703",
                            "--members=10.77.0.1:5701,10.77.0.2:5702,10.77.0.100:5703"
                        })
                        .memberPort())
                .isEqualTo(5703);
    }
}
