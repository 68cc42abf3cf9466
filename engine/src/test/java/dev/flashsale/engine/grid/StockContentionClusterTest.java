package dev.flashsale.engine.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.stock.Stock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many callers on three real members fighting over one product. */
class StockContentionClusterTest {

    private static final int CALLERS = 500;
    private static final int ATTEMPTS_PER_CALLER = 40;
    private static final int STOCK = 10_000;

    static TestGrid grid;
    static List<GridInventory> inventories;

    @BeforeAll
    static void start() {
        grid = TestGrid.start(3, TestGrid.fastSettings());
        inventories = grid.members().stream()
                .map(member -> new GridInventory(member, grid.settings()))
                .toList();
    }

    @AfterAll
    static void stop() {
        inventories.forEach(GridInventory::close);
        grid.close();
    }

    @Test
    void sellsExactlyTheStockToTwiceAsManyBuyersAsUnits() {
        long product = 100;
        inventories.getFirst().open(product, STOCK, SaleRules.UNLIMITED, OpId.random());
        AtomicBoolean selling = new AtomicBoolean(true);
        AtomicLong observations = new AtomicLong();
        Thread observer = Thread.ofVirtual().start(() -> {
            while (selling.get()) {
                Stock stock = inventories.get(1).availability(product).orElseThrow();
                assertThat(stock.available()).isBetween(0L, (long) STOCK);
                assertThat(stock.sold()).isBetween(0L, (long) STOCK);
                observations.incrementAndGet();
            }
        });

        List<List<OpId>> sales = Callers.run(CALLERS, Duration.ofMinutes(3), caller -> {
            GridInventory inventory = inventories.get(caller % inventories.size());
            List<OpId> sold = new java.util.ArrayList<>();
            for (int attempt = 0; attempt < ATTEMPTS_PER_CALLER; attempt++) {
                OpId opId = OpId.random();
                Outcome outcome = inventory.buy(product, "buyer-" + caller, 1, opId);
                switch (outcome) {
                    case Outcome.Sold sale -> sold.add(opId);
                    case Outcome.SoldOut soldOut -> {}
                    default -> throw new AssertionError("unexpected outcome " + outcome);
                }
            }
            return sold;
        });
        selling.set(false);
        join(observer);

        List<OpId> acknowledged = sales.stream().flatMap(List::stream).toList();
        Set<OpId> distinct = new HashSet<>(acknowledged);
        assertThat(CALLERS * ATTEMPTS_PER_CALLER).isGreaterThanOrEqualTo(2 * STOCK);
        assertThat(acknowledged).hasSize(STOCK);
        assertThat(distinct).hasSize(STOCK);
        assertThat(inventories.get(2).availability(product)).contains(new Stock(STOCK, 0, 0, STOCK));
        assertThat(observations.get()).isPositive();
    }

    @Test
    void sellsNoMoreThanTheLimitToOneBuyerCallingFromEverywhere() {
        long product = 101;
        inventories.getFirst().open(product, 100, new SaleRules(3), OpId.random());

        List<Outcome> outcomes = Callers.run(
                200,
                Duration.ofMinutes(1),
                caller ->
                        inventories.get(caller % inventories.size()).buy(product, "the-same-buyer", 1, OpId.random()));

        assertThat(outcomes.stream().filter(Outcome.Sold.class::isInstance)).hasSize(3);
        assertThat(outcomes.stream().filter(outcome -> !(outcome instanceof Outcome.Sold)))
                .allMatch(Outcome.LimitReached.class::isInstance);
        assertThat(inventories.get(1).availability(product)).contains(new Stock(100, 97, 0, 3));
        assertThat(inventories
                        .get(2)
                        .ledger(product, "the-same-buyer")
                        .orElseThrow()
                        .purchased())
                .isEqualTo(3);
    }

    @Test
    void answersConcurrentDuplicatesOfOneRequestAsOneSale() {
        long product = 103;
        inventories.getFirst().open(product, 100, new SaleRules(5), OpId.random());
        OpId once = OpId.random();

        List<Outcome> outcomes = Callers.run(
                50,
                Duration.ofMinutes(1),
                caller -> inventories.get(caller % inventories.size()).buy(product, "impatient", 1, once));

        assertThat(outcomes).containsOnly(new Outcome.Sold(product, 1, 99));
        assertThat(inventories.get(1).availability(product)).contains(new Stock(100, 99, 0, 1));
        assertThat(inventories.get(2).ledger(product, "impatient").orElseThrow().counted())
                .isEqualTo(1);
    }

    @Test
    void countsHoldsAndPurchasesTogetherAgainstTheLimit() {
        long product = 102;
        inventories.getFirst().open(product, 100, new SaleRules(3), OpId.random());
        long expires = System.currentTimeMillis() + 60_000;

        List<Outcome> outcomes = Callers.run(
                100,
                Duration.ofMinutes(1),
                caller -> caller % 2 == 0
                        ? inventories.get(caller % 3).buy(product, "greedy", 1, OpId.random())
                        : inventories
                                .get(caller % 3)
                                .reserve(product, "greedy", 1, 1000 + caller, expires, OpId.random()));

        long granted = outcomes.stream()
                .filter(outcome -> outcome instanceof Outcome.Sold || outcome instanceof Outcome.Reserved)
                .count();
        assertThat(granted).isEqualTo(3);
        Stock stock = inventories.get(1).availability(product).orElseThrow();
        assertThat(stock.sold() + stock.held()).isEqualTo(3);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
