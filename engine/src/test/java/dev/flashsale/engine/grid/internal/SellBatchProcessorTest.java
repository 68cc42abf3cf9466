package dev.flashsale.engine.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.grid.internal.StockRecords.Remembered;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.engine.stock.StockCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SellBatchProcessorTest {

    static final long PRODUCT = 42;

    static OpId op(long number) {
        return new OpId(0x5A1E, number);
    }

    static TestEntry<Long, StockRecord> entry(Stock stock) {
        return TestEntry.of(PRODUCT, StockRecords.of(PRODUCT, stock));
    }

    /** A batch of sales: op number and quantity, alternating. */
    static SellBatchProcessor batch(long... opsAndQuantities) {
        int size = opsAndQuantities.length / 2;
        long[] high = new long[size];
        long[] low = new long[size];
        int[] quantities = new int[size];
        for (int i = 0; i < size; i++) {
            OpId opId = op(opsAndQuantities[2 * i]);
            high[i] = opId.high();
            low[i] = opId.low();
            quantities[i] = (int) opsAndQuantities[2 * i + 1];
        }
        return new SellBatchProcessor(high, low, quantities);
    }

    static List<Outcome> outcomes(SellBatchOutcomes answered) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < answered.size(); i++) {
            outcomes.add(answered.outcome(i));
        }
        return outcomes;
    }

    static List<Outcome> run(TestEntry<Long, StockRecord> entry, SellBatchProcessor processor) {
        return outcomes(processor.process(entry));
    }

    @Test
    void sellsEachSaleInOrderAndRefusesThoseThatNoLongerFitInOneWrite() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(5));
        SellBatchProcessor processor = batch(1, 2, 2, 2, 3, 2, 4, 1);

        assertThat(run(entry, processor))
                .containsExactly(
                        new Outcome.Sold(PRODUCT, 2, 3),
                        new Outcome.Sold(PRODUCT, 2, 1),
                        new Outcome.SoldOut(PRODUCT, 2, 1),
                        new Outcome.Sold(PRODUCT, 1, 0));
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(5, 0, 0, 5));
        assertThat(entry.getValue().memory().size())
                .as("the refusal is not remembered")
                .isEqualTo(3);
        assertThat(entry.writes()).isOne();
        assertThat(processor.getBackupProcessor()).isInstanceOf(SellBatchBackupProcessor.class);
    }

    @Test
    void answersTheSameAsTheSalesOneByOne() {
        TestEntry<Long, StockRecord> batched = entry(Stock.initial(6));
        TestEntry<Long, StockRecord> single = entry(Stock.initial(6));
        long[] sales = {1, 3, 2, 4, 3, 1, 1, 3, 4, 2, 5, 1};

        List<Outcome> fromBatch = run(batched, batch(sales));
        List<Outcome> oneByOne = new ArrayList<>();
        for (int i = 0; i < sales.length; i += 2) {
            oneByOne.add(
                    new StockCommandProcessor(op(sales[i]), new StockCommand.Sell((int) sales[i + 1])).process(single));
        }

        assertThat(fromBatch).isEqualTo(oneByOne);
        assertThat(batched.getValue().stock()).isEqualTo(single.getValue().stock());
        assertThat(opsOf(batched)).isEqualTo(opsOf(single));
    }

    @Test
    void answersADuplicateOpIdInsideOneBatchWithItsFirstResultAndSellsOnce() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));

        List<Outcome> outcomes = run(entry, batch(1, 2, 2, 1, 1, 2, 1, 2));

        assertThat(outcomes)
                .containsExactly(
                        new Outcome.Sold(PRODUCT, 2, 8),
                        new Outcome.Sold(PRODUCT, 1, 7),
                        new Outcome.Sold(PRODUCT, 2, 8),
                        new Outcome.Sold(PRODUCT, 2, 8));
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(10, 7, 0, 3));
        assertThat(entry.getValue().memory().size()).isEqualTo(2);
    }

    @Test
    void decidesARefusedOpIdAfreshWhenItComesAgainInTheBatch() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(3));

        assertThat(run(entry, batch(1, 4, 2, 1, 1, 4, 3, 2)))
                .containsExactly(
                        new Outcome.SoldOut(PRODUCT, 4, 3),
                        new Outcome.Sold(PRODUCT, 1, 2),
                        new Outcome.SoldOut(PRODUCT, 4, 2),
                        new Outcome.Sold(PRODUCT, 2, 0));
    }

    @Test
    void answersAReplayedBatchWithEveryFirstResultAndChangesNothing() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(8));
        List<Outcome> first = run(entry, batch(1, 2, 2, 2, 3, 1));
        run(entry, batch(4, 1, 5, 3));
        Stock stock = entry.getValue().stock();
        List<Remembered> memory = StockRecords.contents(entry.getValue().memory());

        SellBatchProcessor replay = batch(1, 2, 2, 2, 3, 1);
        assertThat(run(entry, replay)).isEqualTo(first);
        assertThat(entry.getValue().stock()).isEqualTo(stock).isEqualTo(new Stock(8, 2, 0, 6));
        assertThat(StockRecords.contents(entry.getValue().memory())).isEqualTo(memory);
        assertThat(entry.writes()).isEqualTo(2);
        // The first runs' backups may never have been acknowledged (why a caller re-executes): the replay hands the
        // backup its remembered sales again, so that its answer waits for a backup too.
        SellBatchBackupProcessor backup = (SellBatchBackupProcessor) replay.getBackupProcessor();
        assertThat(backup.opLow()).containsExactly(1, 2, 3);
        assertThat(backup.stock()).isEqualTo(stock);
    }

    @Test
    void handsABackupThatNeverGotTheFirstRunTheSalesAgainWhenTheBatchIsReExecuted() {
        TestEntry<Long, StockRecord> primary = entry(Stock.initial(10));
        TestEntry<Long, StockRecord> backup = TestEntry.of(PRODUCT, StockRecords.copyOf(primary.getValue()));
        List<Outcome> first = run(primary, batch(1, 2, 2, 3));
        // The first run's backup is lost (the link to the backup's member was cut); the caller re-executes.
        SellBatchProcessor reExecuted = batch(1, 2, 2, 3);
        assertThat(run(primary, reExecuted)).isEqualTo(first);
        reExecuted.getBackupProcessor().process(backup);

        assertThat(backup.getValue().stock())
                .isEqualTo(primary.getValue().stock())
                .isEqualTo(new Stock(10, 5, 0, 5));
        assertThat(run(backup, batch(1, 2, 2, 3)))
                .as("a promoted backup recognises both sales")
                .isEqualTo(first);
        assertThat(backup.getValue().stock()).isEqualTo(new Stock(10, 5, 0, 5));
    }

    @Test
    void appliesOnlyTheSalesItHasNotSeenWhenABatchComesBackWithSomeOfThem() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        run(entry, batch(1, 2));

        SellBatchProcessor processor = batch(1, 2, 2, 3);
        assertThat(run(entry, processor))
                .containsExactly(new Outcome.Sold(PRODUCT, 2, 8), new Outcome.Sold(PRODUCT, 3, 5));
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(10, 5, 0, 5));

        SellBatchBackupProcessor backup = (SellBatchBackupProcessor) processor.getBackupProcessor();
        assertThat(backup.opLow())
                .as("the backup gets the sale this run applied and, again, the one it answered from memory")
                .containsExactly(1, 2);
    }

    @Test
    void givesTheBackupTheResultingStateSoThatAPromotedBackupAnswersAReExecutedBatchAsFirst() {
        TestEntry<Long, StockRecord> primary = entry(Stock.initial(4));
        run(primary, batch(1, 1));
        TestEntry<Long, StockRecord> backup = TestEntry.of(PRODUCT, StockRecords.copyOf(primary.getValue()));

        SellBatchProcessor processor = batch(2, 1, 3, 5, 4, 2, 2, 1);
        List<Outcome> first = run(primary, processor);
        assertThat(processor.getBackupProcessor().process(backup)).isNull();

        assertThat(backup.getValue().stock()).isEqualTo(primary.getValue().stock());
        assertThat(StockRecords.contents(backup.getValue().memory()))
                .isEqualTo(StockRecords.contents(primary.getValue().memory()));
        assertThat(backup.writes()).isOne();

        assertThat(first)
                .containsExactly(
                        new Outcome.Sold(PRODUCT, 1, 2),
                        new Outcome.SoldOut(PRODUCT, 5, 2),
                        new Outcome.Sold(PRODUCT, 2, 0),
                        new Outcome.Sold(PRODUCT, 1, 2));
        SellBatchProcessor reExecuted = batch(2, 1, 3, 5, 4, 2, 2, 1);
        // Every sale answers its first result; the refusal, not remembered, is decided again, and refused again.
        assertThat(run(backup, reExecuted))
                .containsExactly(
                        new Outcome.Sold(PRODUCT, 1, 2),
                        new Outcome.SoldOut(PRODUCT, 5, 0),
                        new Outcome.Sold(PRODUCT, 2, 0),
                        new Outcome.Sold(PRODUCT, 1, 2));
        assertThat(backup.getValue().stock()).isEqualTo(new Stock(4, 0, 0, 4));
        assertThat(reExecuted.getBackupProcessor())
                .as("the remembered sales go to the backup again")
                .isNotNull();
    }

    @Test
    void givesTheBackupStateThatIsSetRatherThanRerun() {
        TestEntry<Long, StockRecord> primary = entry(Stock.initial(10));
        TestEntry<Long, StockRecord> backup = TestEntry.of(PRODUCT, StockRecords.copyOf(primary.getValue()));
        SellBatchProcessor processor = batch(1, 3, 2, 1);
        processor.process(primary);

        processor.getBackupProcessor().process(backup);
        processor.getBackupProcessor().process(backup);
        assertThat(backup.getValue().stock()).isEqualTo(new Stock(10, 6, 0, 4));
        assertThat(StockRecords.contents(backup.getValue().memory()))
                .isEqualTo(StockRecords.contents(primary.getValue().memory()));
    }

    @Test
    void givesABackupWithoutTheEntryTheWholeRecord() {
        TestEntry<Long, StockRecord> primary = entry(Stock.initial(10));
        SellBatchProcessor processor = batch(1, 3, 2, 1);
        processor.process(primary);

        TestEntry<Long, StockRecord> backup = TestEntry.absent(PRODUCT);
        processor.getBackupProcessor().process(backup);
        assertThat(backup.getValue().productId()).isEqualTo(PRODUCT);
        assertThat(backup.getValue().stock()).isEqualTo(new Stock(10, 6, 0, 4));
        assertThat(backup.getValue().memory().maxCount()).isEqualTo(StockRecords.MAX_COUNT);
        assertThat(backup.getValue().memory().maxAgeMillis()).isEqualTo(StockRecords.MAX_AGE_MILLIS);
        assertThat(StockRecords.contents(backup.getValue().memory()))
                .isEqualTo(StockRecords.contents(primary.getValue().memory()));
    }

    @Test
    void keepsTheBackupsMemoryInStepWhenTheBatchOutgrowsTheCountBound() {
        StockRecord record = new StockRecord(PRODUCT, Stock.initial(100), new OpMemory(3, 600_000));
        TestEntry<Long, StockRecord> primary = TestEntry.of(PRODUCT, record);
        run(primary, batch(1, 1, 2, 1));
        TestEntry<Long, StockRecord> backup = TestEntry.of(PRODUCT, StockRecords.copyOf(primary.getValue()));

        SellBatchProcessor processor = batch(3, 1, 4, 1, 5, 1, 6, 1);
        processor.process(primary);
        processor.getBackupProcessor().process(backup);

        assertThat(primary.getValue().memory().size()).isEqualTo(3);
        assertThat(StockRecords.contents(backup.getValue().memory()))
                .isEqualTo(StockRecords.contents(primary.getValue().memory()));
        assertThat(backup.getValue().memory().shortestCountEvictionMillis())
                .isEqualTo(primary.getValue().memory().shortestCountEvictionMillis());
    }

    @Test
    void writesNothingAndHandsNoBackupWhenEverySaleIsRefused() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(1));
        SellBatchProcessor processor = batch(1, 2, 2, 3);

        assertThat(run(entry, processor))
                .containsExactly(new Outcome.SoldOut(PRODUCT, 2, 1), new Outcome.SoldOut(PRODUCT, 3, 1));
        assertThat(entry.getValue().memory().size()).isZero();
        assertThat(entry.writes()).isZero();
        assertThat(processor.getBackupProcessor()).isNull();
    }

    @Test
    void answersUnknownProductForEverySaleOfAnAbsentEntry() {
        TestEntry<Long, StockRecord> entry = TestEntry.absent(PRODUCT);
        SellBatchProcessor processor = batch(1, 1, 2, 1);

        assertThat(run(entry, processor))
                .containsExactly(new Outcome.UnknownProduct(PRODUCT), new Outcome.UnknownProduct(PRODUCT));
        assertThat(entry.getValue()).isNull();
        assertThat(entry.writes()).isZero();
        assertThat(processor.getBackupProcessor()).isNull();
    }

    @Test
    void answersAsTheFirstOpDidForAnOpIdThatDidSomethingElseAndFailsLoudlyForAHold() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        new StockCommandProcessor(op(1), new StockCommand.Hold(77, 2, 5_000)).process(entry);
        new StockCommandProcessor(op(2), new StockCommand.Restock(5)).process(entry);

        SellBatchOutcomes answered = batch(1, 2, 2, 5, 3, 1).process(entry);

        assertThatThrownBy(() -> answered.outcome(0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reused");
        assertThat(answered.outcome(1)).isEqualTo(new Outcome.Restocked(PRODUCT, 5, 13));
        assertThat(answered.outcome(2)).isEqualTo(new Outcome.Sold(PRODUCT, 1, 12));
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(15, 12, 2, 1));
    }

    @Test
    void refusesAnEmptyBatchAndSalesOfNoUnits() {
        assertThatThrownBy(() -> new SellBatchProcessor(new long[0], new long[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batch(1, 1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SellBatchProcessor(new long[2], new long[1], new int[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The remembered ops without the time they were applied at, which differs between two runs. */
    static List<List<Long>> opsOf(TestEntry<Long, StockRecord> entry) {
        return StockRecords.contents(entry.getValue().memory()).stream()
                .map(op -> List.of(op.high(), op.low(), op.meta(), op.available()))
                .toList();
    }
}
