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
        "--port=5703",
        "--members=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703"
    };

    @Test
    void isALiteMemberOfTheNodesCluster() {
        ClusterSettings settings = WitnessMember.settings(ARGS);

        assertThat(settings.clusterName()).isEqualTo("flash-sale");
        assertThat(settings.memberPort()).isEqualTo(5703);
        assertThat(settings.members()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703");
        assertThat(MemberConfigFactory.buildWitness(settings).isLiteMember()).isTrue();
        assertThat(MemberConfigFactory.build(settings).isLiteMember()).isFalse();
    }

    @Test
    void refusesMissingOrUnknownOptions() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WitnessMember.settings(new String[] {"--port=5703"}))
                .withMessageContaining("required");
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        WitnessMember.settings(List.of(ARGS[0], "--colour=red").toArray(String[]::new)))
                .withMessageContaining("unknown option");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WitnessMember.settings(new String[] {"port=5703"}))
                .withMessageContaining("--name=value");
    }
}
