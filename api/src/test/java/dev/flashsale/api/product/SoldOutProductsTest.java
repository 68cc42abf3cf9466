package dev.flashsale.api.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The node's sold-out memory on a clock the test moves. */
class SoldOutProductsTest {

    static final Duration TTL = Duration.ofMillis(500);

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final List<Long> announced = new ArrayList<>();
    final SoldOutProducts soldOut = new SoldOutProducts(TTL, clock::get, announced::add);

    void pass(Duration time) {
        clock.addAndGet(time.toNanos());
    }

    @Test
    void knowsNothingOfAProductNeverMarked() {
        assertThat(soldOut.isSoldOut(1)).isFalse();
    }

    @Test
    void remembersASoldOutProductForTheTimeToLiveOnly() {
        soldOut.markSoldOut(1);
        assertThat(soldOut.isSoldOut(1)).isTrue();
        assertThat(soldOut.isSoldOut(2)).isFalse();

        pass(Duration.ofMillis(499));
        assertThat(soldOut.isSoldOut(1)).isTrue();

        pass(Duration.ofMillis(1));
        assertThat(soldOut.isSoldOut(1)).isFalse();
        assertThat(soldOut.marked()).isZero();
    }

    @Test
    void aNewMarkLastsTheTimeToLiveFromItsOwnMoment() {
        soldOut.markSoldOut(1);
        pass(Duration.ofMillis(400));
        soldOut.markSoldOut(1);
        pass(Duration.ofMillis(400));

        assertThat(soldOut.isSoldOut(1)).isTrue();
    }

    @Test
    void reopensAtOnceHereAndAnnouncesItToTheOtherNodes() {
        soldOut.markSoldOut(1);
        soldOut.markSoldOut(2);

        soldOut.reopen(1);

        assertThat(soldOut.isSoldOut(1)).isFalse();
        assertThat(soldOut.isSoldOut(2)).isTrue();
        assertThat(announced).containsExactly(1L);
    }

    @Test
    void forgetsAProductAnotherNodeReopenedWithoutAnnouncingItAgain() {
        soldOut.markSoldOut(1);

        soldOut.forget(1);

        assertThat(soldOut.isSoldOut(1)).isFalse();
        assertThat(announced).isEmpty();
    }

    @Test
    void dropsExpiredMarksOnceManyProductsAreMarked() {
        for (long product = 1; product <= SoldOutProducts.PRUNE_ABOVE; product++) {
            soldOut.markSoldOut(product);
        }
        pass(TTL);

        soldOut.markSoldOut(0);

        assertThat(soldOut.marked()).isOne();
        assertThat(soldOut.isSoldOut(0)).isTrue();
    }

    @Test
    void refusesATimeToLiveThatIsNotPositive() {
        assertThatThrownBy(() -> new SoldOutProducts(Duration.ZERO, clock::get, announced::add))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
