package dev.flashsale.engine.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.grid.internal.LedgerCommandProcessor;
import dev.flashsale.engine.grid.internal.LedgerKey;
import dev.flashsale.engine.grid.internal.StockCommandProcessor;
import dev.flashsale.engine.ledger.Claim;
import dev.flashsale.engine.ledger.LedgerCommand;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.engine.stock.StockCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Holds on three real members, each running its ledger reaper. */
class HoldsClusterTest {

    private static TestGrid grid;
    private static final List<GridInventory> inventories = new ArrayList<>();
    private static final List<LedgerReaper> reapers = new ArrayList<>();

    @BeforeAll
    static void start() {
        startGrid();
    }

    @AfterAll
    static void stop() {
        stopGrid();
    }

    private static void startGrid() {
        grid = TestGrid.start(3, TestGrid.fastSettings());
        for (HazelcastInstance member : grid.members()) {
            GridInventory inventory = new GridInventory(member, grid.settings());
            inventories.add(inventory);
            reapers.add(LedgerReaper.start(member, inventory, grid.settings()));
        }
    }

    private static void stopGrid() {
        reapers.forEach(LedgerReaper::close);
        inventories.forEach(GridInventory::close);
        reapers.clear();
        inventories.clear();
        grid.close();
    }

    @Test
    void returnsTheUnitsOfAnExpiredHoldAndRefusesToConfirmIt() {
        inventories.getFirst().open(300, 10, SaleRules.UNLIMITED, OpId.random());
        long expires = System.currentTimeMillis() + 500;
        assertThat(inventories.get(0).reserve(300, "ann", 4, 1, expires, OpId.random()))
                .isInstanceOf(Outcome.Reserved.class);
        assertThat(inventories.get(1).availability(300)).contains(new Stock(10, 6, 4, 0));

        await(() -> inventories.get(2).availability(300).orElseThrow().equals(new Stock(10, 10, 0, 0)));

        assertThat(inventories.get(1).confirm(300, "ann", 1)).isEqualTo(new Outcome.HoldExpired(300, 1));
        assertThat(inventories.get(1).release(300, "ann", 1)).isEqualTo(new Outcome.HoldExpired(300, 1));
        assertThat(inventories.get(1).availability(300)).contains(new Stock(10, 10, 0, 0));
    }

    @Test
    void refusesToConfirmAReleasedHold() {
        inventories.getFirst().open(301, 10, SaleRules.UNLIMITED, OpId.random());
        long expires = System.currentTimeMillis() + 60_000;
        inventories.get(0).reserve(301, "ben", 2, 7, expires, OpId.random());
        assertThat(inventories.get(1).release(301, "ben", 7)).isEqualTo(new Outcome.Released(301, 7, 2));
        assertThat(inventories.get(2).confirm(301, "ben", 7)).isEqualTo(new Outcome.HoldReleased(301, 7));
        assertThat(inventories.get(2).confirm(301, "ben", 8)).isEqualTo(new Outcome.UnknownHold(301, 8));
        assertThat(inventories.get(2).confirm(301, "someone-else", 7)).isEqualTo(new Outcome.UnknownHold(301, 7));
        assertThat(inventories.get(0).availability(301)).contains(new Stock(10, 10, 0, 0));
    }

    @Test
    void letsExactlyOneOfConfirmAndReleaseWinEveryRace() {
        int races = 200;
        inventories.getFirst().open(302, races, SaleRules.UNLIMITED, OpId.random());
        long expires = System.currentTimeMillis() + 120_000;
        int confirmed = 0;
        for (int race = 1; race <= races; race++) {
            long holdId = race;
            inventories.get(race % 3).reserve(302, "racer", 1, holdId, expires, OpId.random());
            GridInventory confirmer = inventories.get(race % 3);
            GridInventory releaser = inventories.get((race + 1) % 3);
            var confirm = CompletableFuture.supplyAsync(() -> confirmer.confirm(302, "racer", holdId));
            var release = CompletableFuture.supplyAsync(() -> releaser.release(302, "racer", holdId));
            Outcome confirmOutcome = confirm.join();
            Outcome releaseOutcome = release.join();
            boolean confirmWon = confirmOutcome.equals(new Outcome.Confirmed(302, holdId, 1))
                    && releaseOutcome.equals(new Outcome.HoldAlreadyConfirmed(302, holdId));
            boolean releaseWon = releaseOutcome.equals(new Outcome.Released(302, holdId, 1))
                    && confirmOutcome.equals(new Outcome.HoldReleased(302, holdId));
            assertThat(confirmWon ^ releaseWon)
                    .as("race %d: confirm %s, release %s", race, confirmOutcome, releaseOutcome)
                    .isTrue();
            confirmed += confirmWon ? 1 : 0;
        }
        assertThat(inventories.get(0).availability(302)).contains(new Stock(races, races - confirmed, 0, confirmed));
        assertThat(inventories.get(1).ledger(302, "racer").orElseThrow().purchased())
                .isEqualTo(confirmed);
    }

    @Test
    void expiresHoldsWhenTheMemberThatCreatedThemIsGone() {
        stopGrid();
        startGrid();
        inventories.getFirst().open(303, 10, SaleRules.UNLIMITED, OpId.random());
        HazelcastInstance creator = grid.member(2);
        GridInventory creatorInventory = inventories.get(2);
        long expires = System.currentTimeMillis() + 1_500;
        assertThat(creatorInventory.reserve(303, "cy", 3, 11, expires, OpId.random()))
                .isInstanceOf(Outcome.Reserved.class);
        reapers.remove(2).close();
        inventories.remove(2).close();
        grid.terminate(creator);
        grid.awaitSize(2);

        await(() -> inventories.get(0).availability(303).orElseThrow().equals(new Stock(10, 10, 0, 0)));
        assertThat(inventories.get(1).confirm(303, "cy", 11)).isEqualTo(new Outcome.HoldExpired(303, 11));
        stopGrid();
        startGrid();
    }

    @Test
    void fencesOffAClaimWhoseCallerVanishedBetweenStockAndSettle() {
        inventories.getFirst().open(304, 10, new SaleRules(2), OpId.random());
        HazelcastInstance member = grid.member(0);
        OpId vanished = OpId.random();
        LedgerKey key = new LedgerKey(304, "dee");
        Claim claim = new Claim(
                vanished,
                0,
                Claim.Kind.PURCHASE,
                Claim.Phase.PENDING,
                2,
                0,
                System.currentTimeMillis() + grid.settings().claimGrace().toMillis());
        member.<LedgerKey, dev.flashsale.engine.ledger.BuyerLedger>getMap(InventoryMaps.LEDGERS)
                .executeOnKey(key, new LedgerCommandProcessor(new LedgerCommand.Open(claim, 2, 16)));
        member.<Long, dev.flashsale.engine.grid.internal.StockRecord>getMap(InventoryMaps.STOCK)
                .executeOnKey(304L, new StockCommandProcessor(vanished, new StockCommand.Sell(2)));
        assertThat(inventories.get(1).availability(304)).contains(new Stock(10, 8, 0, 2));
        assertThat(inventories.get(1).buy(304, "dee", 1, OpId.random())).isInstanceOf(Outcome.LimitReached.class);

        // Recovery ends in three steps (abandon the claim, undo the stock, forget the claim), then counts it: wait for
        // all of them, so that the assertions below read a state recovery has finished with.
        await(() -> inventories.get(2).availability(304).orElseThrow().equals(new Stock(10, 10, 0, 0))
                && inventories
                        .get(2)
                        .ledger(304, "dee")
                        .flatMap(ledger -> ledger.claim(vanished))
                        .isEmpty()
                && reapers.stream().mapToLong(LedgerReaper::abortedClaims).sum() == 1);

        assertThat(inventories.get(1).buy(304, "dee", 2, vanished)).isEqualTo(new Outcome.Aborted(304));
        assertThat(inventories.get(1).buy(304, "dee", 2, OpId.random())).isInstanceOf(Outcome.Sold.class);
        assertThat(inventories.get(2).availability(304)).contains(new Stock(10, 8, 0, 2));
        assertThat(reapers.stream().mapToLong(LedgerReaper::abortedClaims).sum())
                .isEqualTo(1);
    }

    @Test
    void expiresOverdueHoldsOfOneProductOnRequest() {
        reapers.forEach(LedgerReaper::close);
        reapers.clear();
        try {
            expireOnRequest();
        } finally {
            grid.members()
                    .forEach(member -> reapers.add(LedgerReaper.start(
                            member, inventories.get(grid.members().indexOf(member)), grid.settings())));
        }
    }

    private static void expireOnRequest() {
        inventories.getFirst().open(305, 10, SaleRules.UNLIMITED, OpId.random());
        long soon = System.currentTimeMillis() + 200;
        inventories.get(0).reserve(305, "eve", 2, 21, soon, OpId.random());
        inventories.get(1).reserve(305, "fay", 3, 22, soon, OpId.random());
        inventories.get(2).reserve(305, "gus", 1, 23, soon + 600_000, OpId.random());
        TestGrid.sleep(400);

        assertThat(inventories.get(2).expireHolds(305)).isEqualTo(new Outcome.HoldsExpired(305, 2, 5));
        assertThat(inventories.get(0).availability(305)).contains(new Stock(10, 9, 1, 0));
        assertThat(inventories.get(2).expireHolds(305)).isEqualTo(new Outcome.HoldsExpired(305, 0, 0));
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            TestGrid.sleep(50);
        }
    }
}
