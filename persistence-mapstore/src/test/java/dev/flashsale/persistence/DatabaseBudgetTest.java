package dev.flashsale.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseBudgetTest {

    /** Nothing listens there: a test that got past the budget check would fail to connect instead. */
    private static final String NOWHERE = "jdbc:mysql://127.0.0.1:1/inventory";

    private static DatabaseSettings settings(int members, int poolSize, int headroom, int budget) {
        return DatabaseSettings.of(NOWHERE, Optional.empty(), "inventory", "secret")
                .withPoolSizes(poolSize, 1)
                .withBudget(members, headroom, budget);
    }

    @Test
    void refusesPoolsThatOverrunTheConnectionBudgetBeforeConnecting() {
        assertThatThrownBy(() -> Database.start(settings(3, 100, 10, 300)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("primary")
                .hasMessageContaining("3 members × 100 pooled connections + 10 headroom = 310")
                .hasMessageContaining("accepts 300")
                .hasMessageContaining("at most 96");
    }

    @Test
    void checksTheReplicaPoolAgainstTheBudgetToo() {
        DatabaseSettings replicaTooLarge = DatabaseSettings.of(NOWHERE, Optional.of(NOWHERE), "inventory", "secret")
                .withPoolSizes(10, 200)
                .withBudget(2, 20, 300);

        assertThatThrownBy(replicaTooLarge::requireWithinConnectionBudget)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("replica")
                .hasMessageContaining("2 members × 200 pooled connections + 20 headroom = 420");
    }

    @Test
    void acceptsPoolsThatUseTheWholeBudget() {
        assertThatCode(() -> settings(2, 140, 20, 300).requireWithinConnectionBudget())
                .doesNotThrowAnyException();
    }

    @Test
    void doesNotPrintThePassword() {
        assertThat(settings(2, 10, 20, 300).toString()).doesNotContain("secret").contains("password=***");
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThatThrownBy(() -> settings(0, 10, 20, 300)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseSettings.of("jdbc:h2:mem:x", Optional.empty(), "inventory", "secret"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
