package dev.flashsale.engine.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.engine.stock.StockCommand;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * A batch of sales is the same as its sales one after another: {@link SellBatchProcessor}, driven with batches drawn
 * from a small pool of op ids (so that an op id comes back within a batch and across batches), replays of earlier
 * batches, restocks in between and fail-overs, must answer every sale and leave the stock and its memory exactly as
 * {@link StockCommandProcessor} does with the same sales one by one. Its backup replica, which receives only what
 * {@code getBackupProcessor()} hands out, must equal the primary after every step; and a batch whose backup was lost
 * with its primary, re-executed on the promoted backup, must answer as its first run did.
 */
class SellBatchProperties {

    static final long PRODUCT = 7;
    static final int OP_POOL = 12;

    enum Action {
        BATCH,
        REPLAY,
        RESTOCK,
        FAIL_OVER
    }

    /** One step: what to do, the sales of a batch (op number, quantity) and a number to choose with. */
    record Step(Action action, List<Tuple.Tuple2<Integer, Integer>> sales, int pick) {}

    @Provide
    Arbitrary<List<Step>> scenarios() {
        Arbitrary<Action> action = Arbitraries.frequency(
                Tuple.of(10, Action.BATCH),
                Tuple.of(3, Action.REPLAY),
                Tuple.of(2, Action.RESTOCK),
                Tuple.of(3, Action.FAIL_OVER));
        Arbitrary<Tuple.Tuple2<Integer, Integer>> sale = Combinators.combine(
                        Arbitraries.integers().between(1, OP_POOL),
                        Arbitraries.frequency(Tuple.of(6, 1), Tuple.of(3, 2), Tuple.of(1, 3)))
                .as(Tuple::of);
        return Combinators.combine(
                        action,
                        sale.list().ofMinSize(1).ofMaxSize(8),
                        Arbitraries.integers().between(0, 1_000))
                .as(Step::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(30);
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void answersAndChangesTheStockAsTheSameSalesOneByOne(
            @ForAll("scenarios") List<Step> steps, @ForAll("units") int units) {
        Twins twins = new Twins(units);
        for (Step step : steps) {
            twins.perform(step);
            twins.check();
        }
        Statistics.label("a sale refused").collect(twins.refused);
        Statistics.label("an op id twice in one batch").collect(twins.duplicateInBatch);
        Statistics.label("a lost backup re-executed").collect(twins.lostBackupReExecuted);
        Statistics.label("a sale refused")
                .coverage(coverage -> coverage.check(true).percentage(p -> p > 30));
        Statistics.label("an op id twice in one batch")
                .coverage(coverage -> coverage.check(true).percentage(p -> p > 30));
        Statistics.label("a lost backup re-executed")
                .coverage(coverage -> coverage.check(true).percentage(p -> p > 20));
    }

    @Provide
    Arbitrary<Integer> units() {
        return Arbitraries.integers().between(0, 20);
    }

    /** The same product twice: sold in batches (primary and backup replica), and sold one sale at a time. */
    static final class Twins {

        final TestEntry<Long, StockRecord> primary;
        TestEntry<Long, StockRecord> backup;
        final TestEntry<Long, StockRecord> single;
        final List<Step> batches = new ArrayList<>();
        long nextRestock = 1;
        boolean refused;
        boolean duplicateInBatch;
        boolean lostBackupReExecuted;

        Twins(int units) {
            primary = TestEntry.of(PRODUCT, StockRecords.of(PRODUCT, Stock.initial(units)));
            backup = TestEntry.of(PRODUCT, StockRecords.copyOf(primary.getValue()));
            single = TestEntry.of(PRODUCT, StockRecords.of(PRODUCT, Stock.initial(units)));
        }

        void perform(Step step) {
            switch (step.action()) {
                case BATCH -> {
                    batches.add(step);
                    sell(step, true);
                }
                case REPLAY -> {
                    if (!batches.isEmpty()) {
                        sell(batches.get(step.pick() % batches.size()), true);
                    }
                }
                case RESTOCK -> {
                    OpId opId = new OpId(-1, nextRestock++);
                    StockCommand restock = new StockCommand.Restock(1 + step.pick() % 4);
                    Outcome batched = onPrimary(new StockCommandProcessor(opId, restock), true);
                    assertThat(batched).isEqualTo(new StockCommandProcessor(opId, restock).process(single));
                }
                case FAIL_OVER -> {
                    // The batch applies on the primary, which dies before its backup arrives: the caller's retry
                    // re-executes it on the promoted backup, which never saw it.
                    batches.add(step);
                    List<Outcome> first = sell(step, false);
                    TestEntry<Long, StockRecord> promoted =
                            TestEntry.of(PRODUCT, StockRecords.copyOf(backup.getValue()));
                    primary.setValue(promoted.getValue());
                    backup = TestEntry.of(PRODUCT, StockRecords.copyOf(promoted.getValue()));
                    SellBatchProcessor reExecuted = processor(step);
                    List<Outcome> again = outcomes(onPrimary(reExecuted, true));
                    assertThat(again).as("re-executed on the promoted backup").isEqualTo(first);
                    lostBackupReExecuted = true;
                }
            }
        }

        /** Sells the step's batch on the primary, and the same sales one by one on the single twin; same answers. */
        List<Outcome> sell(Step step, boolean backedUp) {
            List<Outcome> batched = outcomes(onPrimary(processor(step), backedUp));
            List<Outcome> oneByOne = new ArrayList<>();
            List<Integer> seen = new ArrayList<>();
            for (var sale : step.sales()) {
                duplicateInBatch |= seen.contains(sale.get1());
                seen.add(sale.get1());
                oneByOne.add(
                        new StockCommandProcessor(op(sale.get1()), new StockCommand.Sell(sale.get2())).process(single));
            }
            refused |= oneByOne.stream().anyMatch(Outcome.SoldOut.class::isInstance);
            assertThat(batched).as("%s", step.sales()).isEqualTo(oneByOne);
            return batched;
        }

        <R> R onPrimary(EntryProcessor<Long, StockRecord, R> processor, boolean backedUp) {
            R result = processor.process(primary);
            EntryProcessor<Long, StockRecord, R> backupProcessor = processor.getBackupProcessor();
            if (backedUp && backupProcessor != null) {
                backupProcessor.process(backup);
            }
            return result;
        }

        void check() {
            StockRecord record = primary.getValue();
            assertThat(record.stock()).isEqualTo(single.getValue().stock());
            assertThat(withoutTimes(record.memory()))
                    .isEqualTo(withoutTimes(single.getValue().memory()));
            assertThat(backup.getValue().stock()).isEqualTo(record.stock());
            assertThat(StockRecords.contents(backup.getValue().memory()))
                    .isEqualTo(StockRecords.contents(record.memory()));
        }

        static SellBatchProcessor processor(Step step) {
            int size = step.sales().size();
            long[] high = new long[size];
            long[] low = new long[size];
            int[] quantities = new int[size];
            for (int i = 0; i < size; i++) {
                OpId opId = op(step.sales().get(i).get1());
                high[i] = opId.high();
                low[i] = opId.low();
                quantities[i] = step.sales().get(i).get2();
            }
            return new SellBatchProcessor(high, low, quantities);
        }

        static OpId op(int number) {
            return new OpId(0xBA7C, number);
        }

        static List<Outcome> outcomes(SellBatchOutcomes answered) {
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < answered.size(); i++) {
                outcomes.add(answered.outcome(i));
            }
            return outcomes;
        }

        /** The remembered ops without the time they were applied at, which differs between the twins. */
        static List<List<Long>> withoutTimes(OpMemory memory) {
            return StockRecords.contents(memory).stream()
                    .map(op -> List.of(op.high(), op.low(), op.meta(), op.available()))
                    .toList();
        }
    }
}
