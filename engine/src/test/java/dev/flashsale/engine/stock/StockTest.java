package dev.flashsale.engine.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StockTest {

    /** 10 received: 5 available, 3 held, 2 sold. */
    static Stock midSale() {
        return new Stock(10, 5, 3, 2);
    }

    @Test
    void rejectsNegativeCounts() {
        assertThatThrownBy(() -> new Stock(-1, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Stock(0, -1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Stock(0, 1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Stock(0, 1, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsCountsThatDoNotAddUpToReceived() {
        assertThatThrownBy(() -> new Stock(10, 5, 3, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("received=10 available=5 held=3 sold=1");
        assertThatThrownBy(() -> new Stock(10, 5, 3, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsCountsWhoseSumOnlyAddsUpByOverflowing() {
        // MAX + MAX + 2 wraps around to 0: the sum must not be taken modulo 2^64.
        assertThatThrownBy(() -> new Stock(0, Long.MAX_VALUE, Long.MAX_VALUE, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Stock(1, Long.MAX_VALUE, 1, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsCountsAtTheLimitOfLong() {
        assertThat(new Stock(Long.MAX_VALUE, Long.MAX_VALUE - 2, 1, 1).available())
                .isEqualTo(Long.MAX_VALUE - 2);
    }

    @Test
    void startsWithEveryUnitAvailable() {
        assertThat(Stock.initial(7)).isEqualTo(new Stock(7, 7, 0, 0));
        assertThat(Stock.initial(0)).isEqualTo(new Stock(0, 0, 0, 0));
        assertThatThrownBy(() -> Stock.initial(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sellingMovesAvailableUnitsToSold() {
        assertThat(midSale().sell(4)).isEqualTo(new Stock(10, 1, 3, 6));
    }

    @Test
    void holdingMovesAvailableUnitsToHeld() {
        assertThat(midSale().hold(5)).isEqualTo(new Stock(10, 0, 8, 2));
    }

    @Test
    void confirmingMovesHeldUnitsToSold() {
        assertThat(midSale().confirmHeld(3)).isEqualTo(new Stock(10, 5, 0, 5));
    }

    @Test
    void releasingMovesHeldUnitsBackToAvailable() {
        assertThat(midSale().releaseHeld(2)).isEqualTo(new Stock(10, 7, 1, 2));
    }

    @Test
    void unsellingMovesSoldUnitsBackToAvailable() {
        assertThat(midSale().unsell(2)).isEqualTo(new Stock(10, 7, 3, 0));
    }

    @Test
    void restockingAddsToReceivedAndAvailable() {
        assertThat(midSale().restock(4)).isEqualTo(new Stock(14, 9, 3, 2));
    }

    @Test
    void receivingUpToATotalAddsWhatIsMissingOfIt() {
        assertThat(midSale().receiveUpTo(14)).isEqualTo(new Stock(14, 9, 3, 2));
    }

    @Test
    void receivingATotalThatIsThereAlreadyChangesNothing() {
        Stock stock = midSale();
        assertThat(stock.receiveUpTo(10)).isSameAs(stock);
        assertThat(stock.receiveUpTo(7)).isSameAs(stock);
        assertThat(stock.receiveUpTo(0)).isSameAs(stock);
    }

    @Test
    void receivingTotalsInAnyOrderEndsAtTheLargest() {
        assertThat(midSale().receiveUpTo(12).receiveUpTo(15))
                .isEqualTo(midSale().receiveUpTo(15).receiveUpTo(12))
                .isEqualTo(midSale().receiveUpTo(15).receiveUpTo(15))
                .isEqualTo(new Stock(15, 10, 3, 2));
    }

    @Test
    void refusesANegativeTotal() {
        assertThatThrownBy(() -> midSale().receiveUpTo(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leavesTheOriginalUnchanged() {
        Stock stock = midSale();
        stock.sell(1);
        stock.hold(1);
        stock.confirmHeld(1);
        stock.releaseHeld(1);
        stock.unsell(1);
        stock.restock(1);
        stock.receiveUpTo(20);
        assertThat(stock).isEqualTo(midSale());
    }

    @Test
    void takesOnlyWhatIsAvailable() {
        Stock stock = midSale();
        assertThat(stock.canTake(5)).isTrue();
        assertThat(stock.canTake(6)).isFalse();
        assertThat(stock.canTake(0)).isFalse();
        assertThatThrownBy(() -> stock.sell(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stock.hold(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stock.sell(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stock.hold(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settlesOnlyWhatIsHeld() {
        Stock stock = midSale();
        assertThat(stock.canSettleHeld(3)).isTrue();
        assertThat(stock.canSettleHeld(4)).isFalse();
        assertThat(stock.canSettleHeld(0)).isFalse();
        assertThatThrownBy(() -> stock.confirmHeld(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stock.releaseHeld(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stock.releaseHeld(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takesBackOnlyWhatWasSold() {
        assertThatThrownBy(() -> midSale().unsell(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> midSale().unsell(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesEmptyRestock() {
        assertThatThrownBy(() -> midSale().restock(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesRestockThatWouldOverflow() {
        Stock full = new Stock(Long.MAX_VALUE - 1, Long.MAX_VALUE - 1, 0, 0);
        assertThat(full.restock(1).received()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> full.restock(2)).isInstanceOf(ArithmeticException.class);
        Stock mostlySold = new Stock(Long.MAX_VALUE, 0, 0, Long.MAX_VALUE);
        assertThatThrownBy(() -> mostlySold.restock(1)).isInstanceOf(ArithmeticException.class);
    }
}
