package dev.flashsale.api.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.flashsale.engine.grid.InventoryUnavailableException;
import org.junit.jupiter.api.Test;

class OrderIdsTest {

    @Test
    void passesOnTheGeneratorsIds() {
        assertThat(new OrderIds(() -> 42L).getAsLong()).isEqualTo(42L);
    }

    @Test
    void aGeneratorThatCannotIssueIdsWhileTheMemberMergesIsUnavailableNotAnError() {
        // What FlakeIdGenerator.newId throws on a member that is joining or merging (fault suite, partition run 4).
        OrderIds ids = new OrderIds(() -> {
            throw new IllegalStateException("Member list join version is not available when not joined");
        });
        assertThatThrownBy(ids::getAsLong)
                .isInstanceOf(InventoryUnavailableException.class)
                .hasMessageContaining("joining or merging")
                .hasMessageContaining("not joined");
        assertThatThrownBy(new OrderIds(() -> {
                    throw new HazelcastInstanceNotActiveException();
                })::getAsLong)
                .isInstanceOf(InventoryUnavailableException.class);
    }
}
