package dev.flashsale.engine.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.engine.Outcome;
import org.junit.jupiter.api.Test;

class StockRulesTest {

    static final long PRODUCT = 42;

    /** 10 received: 5 available, 3 held, 2 sold. */
    static Stock midSale() {
        return new Stock(10, 5, 3, 2);
    }

    static StockRules.Decision decide(StockCommand command) {
        return StockRules.decide(PRODUCT, midSale(), command);
    }

    @Test
    void sellsAvailableUnits() {
        StockRules.Decision decision = decide(new StockCommand.Sell(5));
        assertThat(decision.stock()).isEqualTo(new Stock(10, 0, 3, 7));
        assertThat(decision.outcome()).isEqualTo(new Outcome.Sold(PRODUCT, 5, 0));
        assertThat(decision.outcome().changedStock()).isTrue();
    }

    @Test
    void refusesSaleBeyondAvailable() {
        StockRules.Decision decision = decide(new StockCommand.Sell(6));
        assertThat(decision.stock()).isEqualTo(midSale());
        assertThat(decision.outcome()).isEqualTo(new Outcome.SoldOut(PRODUCT, 6, 5));
        assertThat(decision.outcome().changedStock()).isFalse();
    }

    @Test
    void holdsAvailableUnits() {
        StockRules.Decision decision = decide(new StockCommand.Hold(77, 2, 1_000));
        assertThat(decision.stock()).isEqualTo(new Stock(10, 3, 5, 2));
        assertThat(decision.outcome()).isEqualTo(new Outcome.Reserved(PRODUCT, 77, 2, 1_000, 3));
        assertThat(decision.outcome().changedStock()).isTrue();
    }

    @Test
    void refusesHoldBeyondAvailable() {
        StockRules.Decision decision = decide(new StockCommand.Hold(77, 6, 1_000));
        assertThat(decision.stock()).isEqualTo(midSale());
        assertThat(decision.outcome()).isEqualTo(new Outcome.SoldOut(PRODUCT, 6, 5));
    }

    @Test
    void confirmsHeldUnits() {
        StockRules.Decision decision = decide(new StockCommand.ConfirmHeld(77, 3));
        assertThat(decision.stock()).isEqualTo(new Stock(10, 5, 0, 5));
        assertThat(decision.outcome()).isEqualTo(new Outcome.Confirmed(PRODUCT, 77, 3));
        assertThat(decision.outcome().changedStock()).isTrue();
    }

    @Test
    void releasesHeldUnits() {
        StockRules.Decision decision = decide(new StockCommand.ReleaseHeld(77, 2));
        assertThat(decision.stock()).isEqualTo(new Stock(10, 7, 1, 2));
        assertThat(decision.outcome()).isEqualTo(new Outcome.Released(PRODUCT, 77, 2));
        assertThat(decision.outcome().changedStock()).isTrue();
    }

    @Test
    void restocks() {
        StockRules.Decision decision = decide(new StockCommand.Restock(4));
        assertThat(decision.stock()).isEqualTo(new Stock(14, 9, 3, 2));
        assertThat(decision.outcome()).isEqualTo(new Outcome.Restocked(PRODUCT, 4, 9));
        assertThat(decision.outcome().changedStock()).isTrue();
    }

    @Test
    void receivesWhatIsMissingOfTheDatabasesTotal() {
        StockRules.Decision decision = decide(new StockCommand.ReceiveUpTo(14));
        assertThat(decision.stock()).isEqualTo(new Stock(14, 9, 3, 2));
        assertThat(decision.outcome()).isEqualTo(new Outcome.Received(PRODUCT, 14, 9, true));
        assertThat(decision.outcome().changedStock()).isTrue();
    }

    @Test
    void receivesNothingWhenTheStockHasTheTotalAlready() {
        StockRules.Decision decision = decide(new StockCommand.ReceiveUpTo(9));
        assertThat(decision.stock()).isEqualTo(midSale());
        assertThat(decision.outcome()).isEqualTo(new Outcome.Received(PRODUCT, 10, 5, false));
        assertThat(decision.outcome().changedStock()).isFalse();
    }

    @Test
    void takesBackSoldUnitsOfAReversedSale() {
        StockRules.Decision decision = decide(new StockCommand.ReturnSold(2));
        assertThat(decision.stock()).isEqualTo(new Stock(10, 7, 3, 0));
        assertThat(decision.outcome()).isEqualTo(new Outcome.Returned(PRODUCT, 2, 7));
        assertThat(decision.outcome().changedStock()).isTrue();
    }

    @Test
    void failsLoudlyWhenTakingBackMoreThanWasSold() {
        assertThatThrownBy(() -> decide(new StockCommand.ReturnSold(3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("product 42 sold 2 units");
    }

    @Test
    void failsLoudlyWhenConfirmingMoreThanIsHeld() {
        assertThatThrownBy(() -> decide(new StockCommand.ConfirmHeld(77, 4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("product 42 holds 3 units");
    }

    @Test
    void failsLoudlyWhenReleasingMoreThanIsHeld() {
        assertThatThrownBy(() -> decide(new StockCommand.ReleaseHeld(77, 4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("product 42 holds 3 units");
    }

    @Test
    void commandsMoveAtLeastOneUnit() {
        assertThatThrownBy(() -> new StockCommand.Sell(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StockCommand.Hold(77, 0, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StockCommand.ConfirmHeld(77, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StockCommand.ReleaseHeld(77, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StockCommand.Restock(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StockCommand.ReturnSold(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StockCommand.ReceiveUpTo(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
