package dev.flashsale.persistence.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.persistence.PersistenceException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrimaryLoadsTest {

    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void failsAtOnceWithoutReadingAfterTheDatabaseWasUnreachable() {
        PrimaryLoads primary = new PrimaryLoads(Duration.ofHours(1));

        assertThatThrownBy(() -> primary.read("find product 1", this::unreachable))
                .isInstanceOf(PersistenceException.class);
        assertThatThrownBy(() -> primary.read("find product 2", this::answer))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("find product 2")
                .hasMessageContaining("unreachable");

        assertThat(reads).hasValue(1);
    }

    @Test
    void triesTheDatabaseAgainAfterThePauseAndRecoversOnSuccess() {
        PrimaryLoads primary = new PrimaryLoads(Duration.ZERO);

        assertThatThrownBy(() -> primary.read("find product 1", this::unreachable))
                .isInstanceOf(PersistenceException.class);
        assertThat(primary.read("find product 1", this::answer)).isEqualTo("row");
        assertThat(primary.read("find product 2", this::answer)).isEqualTo("row");

        assertThat(reads).hasValue(3);
    }

    @Test
    void aRefusedStatementSaysNothingAboutTheDatabasesHealth() {
        PrimaryLoads primary = new PrimaryLoads(Duration.ofHours(1));

        assertThatThrownBy(() -> primary.read("find product 1", this::refused))
                .isInstanceOf(PersistenceException.class);
        assertThat(primary.read("find product 1", this::answer)).isEqualTo("row");

        assertThat(reads).hasValue(2);
    }

    private String answer() {
        reads.incrementAndGet();
        return "row";
    }

    private String unreachable() {
        reads.incrementAndGet();
        throw new PersistenceException(
                "could not find product 1",
                new SQLTransientConnectionException("inventory-primary - Connection is not available"));
    }

    private String refused() {
        reads.incrementAndGet();
        throw new PersistenceException("could not find product 1", new SQLSyntaxErrorException("bad SQL"));
    }
}
