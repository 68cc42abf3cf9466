package dev.flashsale.engine.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.stock.Stock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GridInventorySmokeTest {

    static TestGrid grid;
    static GridInventory inventory;

    @BeforeAll
    static void start() {
        grid = TestGrid.start(2, TestGrid.fastSettings());
        inventory = new GridInventory(grid.member(0), grid.settings());
    }

    @AfterAll
    static void stop() {
        inventory.close();
        grid.close();
    }

    @Test
    void sellsHoldsConfirmsAndReleases() {
        assertThat(inventory.open(1, 10, SaleRules.UNLIMITED, OpId.random())).isInstanceOf(Outcome.Restocked.class);
        OpId buy = OpId.random();
        assertThat(inventory.buy(1, "alice", 3, buy)).isEqualTo(new Outcome.Sold(1, 3, 7));
        assertThat(inventory.buy(1, "alice", 3, buy)).isEqualTo(new Outcome.Sold(1, 3, 7));
        long expires = System.currentTimeMillis() + 60_000;
        assertThat(inventory.reserve(1, "bob", 2, 77, expires, OpId.random()))
                .isEqualTo(new Outcome.Reserved(1, 77, 2, expires, 5));
        assertThat(inventory.confirm(1, "bob", 77)).isEqualTo(new Outcome.Confirmed(1, 77, 2));
        assertThat(inventory.release(1, "bob", 77)).isEqualTo(new Outcome.HoldAlreadyConfirmed(1, 77));
        assertThat(inventory.reserve(1, "bob", 4, 78, expires, OpId.random())).isInstanceOf(Outcome.Reserved.class);
        assertThat(inventory.release(1, "bob", 78)).isEqualTo(new Outcome.Released(1, 78, 4));
        assertThat(inventory.availability(1)).contains(new Stock(10, 5, 0, 5));
        assertThat(inventory.buy(1, "carol", 6, OpId.random())).isEqualTo(new Outcome.SoldOut(1, 6, 5));
    }

    @Test
    void enforcesLimit() {
        inventory.open(2, 10, new SaleRules(2), OpId.random());
        assertThat(inventory.buy(2, "dave", 1, OpId.random())).isInstanceOf(Outcome.Sold.class);
        assertThat(inventory.buy(2, "dave", 2, OpId.random())).isInstanceOf(Outcome.LimitReached.class);
        assertThat(inventory.buy(2, "dave", 1, OpId.random())).isInstanceOf(Outcome.Sold.class);
        assertThat(inventory.availability(2)).contains(new Stock(10, 8, 0, 2));
    }
}
