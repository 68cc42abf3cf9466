package dev.flashsale.engine.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.SaleRules;
import dev.flashsale.engine.grid.internal.StockRecord;
import dev.flashsale.engine.stock.Stock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent buyers of one product without a per-buyer limit, on three real members: their sales travel in
 * batches ({@link SaleBatches}), and each still takes effect exactly once and answers as a sale on its own would.
 */
class SaleBatchingClusterTest {

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
    void sellsExactlyTheStockInBatchesWhenDemandExceedsIt() {
        long product = 300;
        int stock = 5_000;
        int callers = 400;
        int attempts = 30;
        inventories.getFirst().open(product, stock, SaleRules.UNLIMITED, OpId.random());
        List<GridInventory.SaleBatching> before = batching();

        Map<OpId, Outcome> all = buyConcurrently(product, callers, attempts, caller -> 1 + caller % 3);

        long acknowledged = soldUnits(all);
        long demand = (long) callers * attempts * 2;
        assertThat(demand).isGreaterThan(stock);
        assertThat(acknowledged).isEqualTo(Math.min(stock, demand));
        assertThat(all.values())
                .allMatch(outcome -> outcome instanceof Outcome.Sold || outcome instanceof Outcome.SoldOut);
        for (GridInventory inventory : inventories) {
            assertThat(inventory.availability(product)).contains(new Stock(stock, 0, 0, stock));
        }
        assertBatched(before, callers * attempts);
        assertReplaysAnswerAsFirst(product, all);
    }

    @Test
    void sellsToEveryBuyerWhenTheStockSuffices() {
        long product = 301;
        int stock = 100_000;
        int callers = 300;
        int attempts = 20;
        inventories.getFirst().open(product, stock, SaleRules.UNLIMITED, OpId.random());
        List<GridInventory.SaleBatching> before = batching();

        Map<OpId, Outcome> all = buyConcurrently(product, callers, attempts, caller -> 1);

        assertThat(all.values()).hasSize(callers * attempts).allMatch(Outcome.Sold.class::isInstance);
        long demand = (long) callers * attempts;
        assertThat(soldUnits(all)).isEqualTo(demand);
        assertThat(inventories.get(2).availability(product)).contains(new Stock(stock, stock - demand, 0, demand));
        assertThat(all.values().stream().map(outcome -> ((Outcome.Sold) outcome).available()))
                .as("each sale saw its own place in the sequence of sales")
                .doesNotHaveDuplicates();
        assertBatched(before, callers * attempts);
    }

    @Test
    void answersAsyncBuyersThroughBatchesToo() {
        long product = 302;
        int stock = 1_000;
        inventories.getFirst().open(product, stock, SaleRules.UNLIMITED, OpId.random());
        List<GridInventory.SaleBatching> before = batching();

        Map<OpId, CompletionStage<Outcome>> pending = new LinkedHashMap<>();
        for (int i = 0; i < 3_000; i++) {
            OpId opId = OpId.random();
            pending.put(opId, inventories.get(i % inventories.size()).buyAsync(product, "async-" + i, 1, opId));
        }
        Map<OpId, Outcome> all = new LinkedHashMap<>();
        pending.forEach(
                (opId, answer) -> all.put(opId, answer.toCompletableFuture().join()));

        assertThat(soldUnits(all)).isEqualTo(stock);
        assertThat(all.values().stream().filter(Outcome.SoldOut.class::isInstance))
                .hasSize(2_000);
        assertThat(inventories.get(1).availability(product)).contains(new Stock(stock, 0, 0, stock));
        assertBatched(before, 3_000);
    }

    @Test
    void refusesAtOnceWhatDoesNotFitTheQueueAndBatchesTheRestAtMostMaxSaleBatchAtATime() throws Exception {
        long product = 303;
        HazelcastInstance owner = ownerOf(product);
        try (GridInventory impatient = new GridInventory(owner, grid.settings().withSaleBatching(4, 8))) {
            impatient.open(product, 100, SaleRules.UNLIMITED, OpId.random());
            GridInventory.SaleBatching before = impatient.saleBatching();
            // The partition thread is kept busy: the first sale stays in flight while the others arrive.
            CountDownLatch stalled = new CountDownLatch(1);
            CountDownLatch resume = new CountDownLatch(1);
            IMap<Long, StockRecord> stock = owner.getMap(InventoryMaps.STOCK);
            CompletionStage<Object> stall = stock.submitToKey(product, new Stall(stalled, resume));
            assertThat(stalled.await(30, TimeUnit.SECONDS)).isTrue();

            AtomicInteger refused = new AtomicInteger();
            Thread releaser = Thread.ofVirtual().start(() -> {
                long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (refused.get() < 31 && System.nanoTime() - giveUpAt < 0) {
                    TestGrid.sleep(1);
                }
                resume.countDown();
            });
            List<Outcome> outcomes = Callers.run(40, Duration.ofMinutes(1), caller -> {
                try {
                    return impatient.buy(product, "buyer-" + caller, 1, OpId.random());
                } catch (InventoryUnavailableException full) {
                    refused.incrementAndGet();
                    return null;
                }
            });
            releaser.join();
            stall.toCompletableFuture().join();

            assertThat(refused).as("beyond one in flight and 8 waiting").hasValue(31);
            assertThat(outcomes.stream().filter(Outcome.Sold.class::isInstance)).hasSize(9);
            assertThat(impatient.availability(product)).contains(new Stock(100, 91, 0, 9));
            GridInventory.SaleBatching after = impatient.saleBatching();
            assertThat(after.sales() - before.sales()).isEqualTo(9);
            assertThat(after.invocations() - before.invocations())
                    .as("the first sale alone, then the 8 that waited in batches of 4")
                    .isEqualTo(3);
            assertThat(after.largestBatch()).isEqualTo(4);
        }
    }

    @Test
    void sendsEverySaleOnItsOwnWhenBatchingIsOff() {
        long product = 304;
        try (GridInventory unbatched =
                new GridInventory(grid.member(2), grid.settings().withSaleBatching(1, 0))) {
            unbatched.open(product, 500, SaleRules.UNLIMITED, OpId.random());

            List<Outcome> outcomes =
                    Callers.run(100, Duration.ofMinutes(1), caller -> unbatched.buy(product, "b", 1, OpId.random()));

            assertThat(outcomes).hasSize(100).allMatch(Outcome.Sold.class::isInstance);
            assertThat(unbatched.saleBatching()).isEqualTo(new GridInventory.SaleBatching(0, 0, 0));
            assertThat(unbatched.availability(product)).contains(new Stock(500, 400, 0, 100));
        }
    }

    private static HazelcastInstance ownerOf(long product) {
        var owner = grid.member(0).getPartitionService().getPartition(product).getOwner();
        return grid.members().stream()
                .filter(member -> member.getCluster().getLocalMember().getUuid().equals(owner.getUuid()))
                .findFirst()
                .orElseThrow();
    }

    /** Occupies the product's partition thread until told to resume; run locally on the owner, never serialized. */
    private record Stall(CountDownLatch stalled, CountDownLatch resume)
            implements EntryProcessor<Long, StockRecord, Object> {

        @Override
        public Object process(Map.Entry<Long, StockRecord> entry) {
            stalled.countDown();
            try {
                resume.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        @Override
        public EntryProcessor<Long, StockRecord, Object> getBackupProcessor() {
            return null;
        }
    }

    private static Map<OpId, Outcome> buyConcurrently(
            long product, int callers, int attempts, java.util.function.IntUnaryOperator quantityOf) {
        List<Map<OpId, Outcome>> runs = Callers.run(callers, Duration.ofMinutes(3), caller -> {
            GridInventory inventory = inventories.get(caller % inventories.size());
            Map<OpId, Outcome> outcomes = new LinkedHashMap<>();
            for (int attempt = 0; attempt < attempts; attempt++) {
                OpId opId = OpId.random();
                outcomes.put(opId, inventory.buy(product, "buyer-" + caller, quantityOf.applyAsInt(attempt), opId));
            }
            return outcomes;
        });
        Map<OpId, Outcome> all = new LinkedHashMap<>();
        runs.forEach(all::putAll);
        return all;
    }

    private static long soldUnits(Map<OpId, Outcome> outcomes) {
        return outcomes.values().stream()
                .filter(Outcome.Sold.class::isInstance)
                .mapToLong(outcome -> ((Outcome.Sold) outcome).quantity())
                .sum();
    }

    private static List<GridInventory.SaleBatching> batching() {
        return inventories.stream().map(GridInventory::saleBatching).toList();
    }

    /** Every one of {@code buys} went through a batch, and the batches carried them in fewer invocations. */
    private static void assertBatched(List<GridInventory.SaleBatching> before, long buys) {
        long sales = 0;
        long invocations = 0;
        int largest = 0;
        for (int i = 0; i < inventories.size(); i++) {
            GridInventory.SaleBatching now = inventories.get(i).saleBatching();
            sales += now.sales() - before.get(i).sales();
            invocations += now.invocations() - before.get(i).invocations();
            largest = Math.max(largest, now.largestBatch());
        }
        assertThat(sales).isEqualTo(buys);
        assertThat(invocations).as("invocations for %d sales", sales).isLessThan(sales);
        assertThat(largest).isGreaterThan(1).isLessThanOrEqualTo(EngineSettings.DEFAULT_MAX_SALE_BATCH);
    }

    /**
     * Replaying every op id from another member, concurrently (so that replays travel in batches too), answers each
     * one's first result and changes nothing.
     */
    private static void assertReplaysAnswerAsFirst(long product, Map<OpId, Outcome> all) {
        Stock before = inventories.getFirst().availability(product).orElseThrow();
        List<OpId> opIds = List.copyOf(all.keySet());
        int callers = 100;
        List<List<String>> runs = Callers.run(callers, Duration.ofMinutes(3), caller -> {
            List<String> differing = new ArrayList<>();
            for (int i = caller; i < opIds.size(); i += callers) {
                OpId opId = opIds.get(i);
                Outcome first = all.get(opId);
                Outcome again = inventories.get(1).buy(product, "replay", 1, opId);
                // A refusal is not remembered: a replay decides it again, and the product is sold out by now.
                boolean same =
                        first instanceof Outcome.SoldOut ? again instanceof Outcome.SoldOut : again.equals(first);
                if (!same) {
                    differing.add(opId + ": first " + first + ", replayed " + again);
                }
            }
            return differing;
        });
        assertThat(runs.stream().flatMap(List::stream).limit(5)).isEmpty();
        assertThat(inventories.getFirst().availability(product)).contains(before);
    }
}
