package dev.flashsale.engine.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.stock.Stock;
import java.util.List;
import java.util.Map;
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

    @Test
    void receivesUpToTheDatabasesTotalFromAnyMemberInAnyOrder() {
        inventory.open(3, 10, SaleRules.UNLIMITED, OpId.random());
        inventory.buy(3, "erin", 2, OpId.random());
        OpId larger = OpId.random();
        try (GridInventory other = new GridInventory(grid.member(1), grid.settings())) {
            assertThat(other.receive(3, 15, larger)).isEqualTo(new Outcome.Received(3, 15, 13, true));
        }
        assertThat(inventory.receive(3, 12, OpId.random())).isEqualTo(new Outcome.Received(3, 15, 13, false));
        assertThat(inventory.receive(3, 15, larger)).isEqualTo(new Outcome.Received(3, 15, 13, true));
        assertThat(inventory.availability(3)).contains(new Stock(15, 13, 0, 2));
        assertThat(inventory.receive(404, 15, OpId.random())).isEqualTo(new Outcome.UnknownProduct(404));
    }

    @Test
    void readsTheStockOfSeveralProductsInOneCallLeavingOutUnknownOnes() {
        inventory.open(4, 10, SaleRules.UNLIMITED, OpId.random());
        inventory.open(5, 20, SaleRules.UNLIMITED, OpId.random());
        inventory.buy(5, "frank", 3, OpId.random());

        assertThat(inventory.availabilities(List.of(4L, 5L, 405L)))
                .isEqualTo(Map.of(4L, Stock.initial(10), 5L, new Stock(20, 17, 0, 3)));
        assertThat(inventory
                        .availabilitiesAsync(List.of(5L))
                        .toCompletableFuture()
                        .join())
                .isEqualTo(Map.of(5L, new Stock(20, 17, 0, 3)));
        assertThat(inventory.availabilities(List.of())).isEmpty();
    }
}
