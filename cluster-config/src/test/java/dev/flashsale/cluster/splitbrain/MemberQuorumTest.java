package dev.flashsale.cluster.splitbrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The quorum's state machine on a clock of its own (members counted from the list Hazelcast hands it). */
class MemberQuorumTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final MemberQuorum quorum = new MemberQuorum(2, clock::get);

    @Test
    void allowsChangesAtOnceWhenItFirstSeesEnoughMembers() {
        assertThat(quorum.apply(members(1))).isFalse();
        assertThat(quorum.apply(members(2))).isTrue();
        assertThat(quorum.settling()).isFalse();
    }

    @Test
    void settlesBeforeAllowingChangesAgainAfterItLostTheQuorum() {
        quorum.apply(members(2));
        assertThat(quorum.apply(members(1))).isFalse();

        assertThat(quorum.apply(members(2))).isFalse();
        assertThat(quorum.present()).isTrue();
        assertThat(quorum.mergingSideWins())
                .as("merges into this stale side bring the quorum side's entries")
                .isTrue();

        clock.addAndGet(MemberQuorum.SETTLE.toMillis() + 1);
        assertThat(quorum.apply(members(2))).isTrue();
        assertThat(quorum.mergingSideWins()).isFalse();
    }

    @Test
    void aSideThatMergesWithTheQuorumBringsTheWinningEntriesAndSettles() {
        quorum.apply(members(2));
        quorum.stateChanged(new LifecycleEvent(LifecycleState.MERGING));

        assertThat(quorum.mergingSideWins()).isTrue();
        assertThat(quorum.apply(members(3))).isFalse();
        clock.addAndGet(MemberQuorum.SETTLE.toMillis() + 1);
        assertThat(quorum.apply(members(3))).isTrue();
    }

    @Test
    void aSideThatMergesWithoutTheQuorumLosesTheMerge() {
        quorum.apply(members(2));
        quorum.apply(members(1));
        quorum.stateChanged(new LifecycleEvent(LifecycleState.MERGING));

        assertThat(quorum.mergingSideWins()).isFalse();
    }

    @Test
    void aSideThatMergedWithoutTheQuorumSellsAtOnceOnceItJoined() {
        quorum.apply(members(2));
        quorum.apply(members(1));
        quorum.stateChanged(new LifecycleEvent(LifecycleState.MERGING));

        // It dropped its own entries to merge, and they lose the merge: what it holds now came from the quorum side.
        clock.addAndGet(MemberQuorum.SETTLE.toMillis() - 1_000); // joining took a while
        assertThat(quorum.apply(members(3))).isTrue();
        assertThat(quorum.settling()).isFalse();
        assertThat(quorum.mergingSideWins()).isFalse();
        // Nor does it settle later, when its merge is no longer recent.
        clock.addAndGet(2_000);
        assertThat(quorum.apply(members(3))).isTrue();
        assertThat(quorum.settling()).isFalse();
    }

    @Test
    void aSideThatKeptTheQuorumKeepsItsEntriesInAMerge() {
        quorum.apply(members(2));
        quorum.apply(members(3));

        assertThat(quorum.mergingSideWins()).isFalse();
    }

    @Test
    void needsAtLeastTwoMembers() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MemberQuorum(1));
    }

    private static List<Member> members(int count) {
        return Collections.nCopies(count, null);
    }
}
