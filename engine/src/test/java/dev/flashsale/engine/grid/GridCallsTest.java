package dev.flashsale.engine.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The quorum check after an operation: a result counts only while the member still sees its quorum. */
class GridCallsTest {

    @Test
    void answersTheResultWhileTheQuorumHolds() {
        GridCalls calls = new GridCalls(Duration.ofSeconds(1), () -> true);

        assertThat(calls.call(() -> "sold")).isEqualTo("sold");
    }

    @Test
    void answersNoQuorumInsteadOfAResultWhenTheMemberLostItsQuorumMeanwhile() {
        AtomicBoolean quorum = new AtomicBoolean(true);
        AtomicInteger runs = new AtomicInteger();
        GridCalls calls = new GridCalls(Duration.ofSeconds(1), quorum::get);

        assertThatThrownBy(() -> calls.call(() -> {
                    runs.incrementAndGet();
                    quorum.set(false); // the peers left while the operation ran
                    return "sold";
                }))
                .isInstanceOf(InventoryUnavailableException.class)
                .hasMessage(GridCalls.NO_QUORUM);
        assertThat(runs)
                .as("not retried: a member without quorum stays so until the network heals")
                .hasValue(1);
    }

    @Test
    void checksNothingWithoutProtection() {
        assertThat(new GridCalls(Duration.ofSeconds(1)).call(() -> 7)).isEqualTo(7);
    }
}
