package dev.flashsale.engine.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.grid.internal.StockRecords.Remembered;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.engine.stock.StockCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

class StockCommandProcessorTest {

    static final long PRODUCT = 42;
    static final long EXPIRES = 5_000;

    static OpId op(long number) {
        return new OpId(0x5A1E, number);
    }

    static TestEntry<Long, StockRecord> entry(Stock stock) {
        return TestEntry.of(PRODUCT, StockRecords.of(PRODUCT, stock));
    }

    static Outcome run(TestEntry<Long, StockRecord> entry, OpId opId, StockCommand command) {
        return new StockCommandProcessor(opId, command).process(entry);
    }

    @Test
    void appliesASaleAndSetsTheValue() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        StockCommandProcessor processor = new StockCommandProcessor(op(1), new StockCommand.Sell(3));

        assertThat(processor.process(entry)).isEqualTo(new Outcome.Sold(PRODUCT, 3, 7));
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(10, 7, 0, 3));
        assertThat(entry.getValue().memory().size()).isOne();
        assertThat(entry.writes()).isOne();
        assertThat(processor.getBackupProcessor()).isInstanceOf(StockBackupProcessor.class);
    }

    @Test
    void returnsTheFirstResultAndChangesNothingWhenTheSameOpRunsAgain() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        Outcome first = run(entry, op(1), new StockCommand.Sell(3));
        Stock stock = entry.getValue().stock();
        List<Remembered> memory = StockRecords.contents(entry.getValue().memory());

        StockCommandProcessor again = new StockCommandProcessor(op(1), new StockCommand.Sell(3));
        assertThat(again.process(entry)).isEqualTo(first);
        assertThat(entry.getValue().stock()).isEqualTo(stock);
        assertThat(StockRecords.contents(entry.getValue().memory())).isEqualTo(memory);
        assertThat(entry.writes()).isOne();
    }

    @Test
    void resendsTheStateToTheBackupWhenTheSameOpRunsAgain() {
        // The first attempt's backup may never have been acknowledged (that is why the op runs again): the answer from
        // memory waits for the backup too, and a backup that missed the first one catches up.
        TestEntry<Long, StockRecord> primary = entry(Stock.initial(10));
        TestEntry<Long, StockRecord> backup = TestEntry.of(PRODUCT, StockRecords.copyOf(primary.getValue()));
        run(primary, op(1), new StockCommand.Sell(3));

        StockCommandProcessor again = new StockCommandProcessor(op(1), new StockCommand.Sell(3));
        again.process(primary);
        assertThat(again.getBackupProcessor()).isNotNull();
        again.getBackupProcessor().process(backup);
        again.getBackupProcessor().process(backup);

        assertThat(backup.getValue().stock()).isEqualTo(primary.getValue().stock());
        assertThat(StockRecords.contents(backup.getValue().memory()))
                .isEqualTo(StockRecords.contents(primary.getValue().memory()));
    }

    @Test
    void returnsTheFirstResultEvenAfterOtherOpsRanInBetween() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        Outcome sold = run(entry, op(1), new StockCommand.Sell(3));
        Outcome reserved = run(entry, op(2), new StockCommand.Hold(77, 2, EXPIRES));
        run(entry, op(3), new StockCommand.Sell(1));
        run(entry, op(4), new StockCommand.Restock(5));
        Stock stock = entry.getValue().stock();

        assertThat(run(entry, op(1), new StockCommand.Sell(3)))
                .isEqualTo(sold)
                .isEqualTo(new Outcome.Sold(PRODUCT, 3, 7));
        assertThat(run(entry, op(2), new StockCommand.Hold(77, 2, EXPIRES)))
                .isEqualTo(reserved)
                .isEqualTo(new Outcome.Reserved(PRODUCT, 77, 2, EXPIRES, 5));
        assertThat(run(entry, op(4), new StockCommand.Restock(5))).isEqualTo(new Outcome.Restocked(PRODUCT, 5, 9));
        assertThat(entry.getValue().stock()).isEqualTo(stock).isEqualTo(new Stock(15, 9, 2, 4));
    }

    @Test
    void settlesAHoldOnceUnderItsSettlementId() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        run(entry, op(1), new StockCommand.Hold(77, 2, EXPIRES));
        OpId settlement = OpId.settlementOf(77);

        assertThat(run(entry, settlement, new StockCommand.ConfirmHeld(77, 2)))
                .isEqualTo(new Outcome.Confirmed(PRODUCT, 77, 2));
        assertThat(run(entry, settlement, new StockCommand.ConfirmHeld(77, 2)))
                .isEqualTo(new Outcome.Confirmed(PRODUCT, 77, 2));
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(10, 8, 0, 2));

        run(entry, op(2), new StockCommand.Hold(78, 3, EXPIRES));
        assertThat(run(entry, OpId.settlementOf(78), new StockCommand.ReleaseHeld(78, 3)))
                .isEqualTo(new Outcome.Released(PRODUCT, 78, 3));
        assertThat(run(entry, OpId.settlementOf(78), new StockCommand.ReleaseHeld(78, 3)))
                .isEqualTo(new Outcome.Released(PRODUCT, 78, 3));
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(10, 8, 0, 2));
    }

    @Test
    void takesBackAReversedSaleOnceUnderItsReturnId() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        run(entry, op(1), new StockCommand.Sell(3));
        OpId returnOfOrder = OpId.returnOf(500);

        assertThat(run(entry, returnOfOrder, new StockCommand.ReturnSold(3)))
                .isEqualTo(new Outcome.Returned(PRODUCT, 3, 10));
        run(entry, op(2), new StockCommand.Sell(4));
        assertThat(run(entry, returnOfOrder, new StockCommand.ReturnSold(3)))
                .isEqualTo(new Outcome.Returned(PRODUCT, 3, 10));
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(10, 6, 0, 4));
    }

    @Test
    void receivesUpToTheDatabasesTotalAndBacksUpTheResultingState() {
        TestEntry<Long, StockRecord> primary = entry(new Stock(10, 6, 1, 3));
        TestEntry<Long, StockRecord> backup = TestEntry.of(PRODUCT, StockRecords.copyOf(primary.getValue()));
        StockCommandProcessor processor = new StockCommandProcessor(op(1), new StockCommand.ReceiveUpTo(15));

        assertThat(processor.process(primary)).isEqualTo(new Outcome.Received(PRODUCT, 15, 11, true));
        assertThat(primary.getValue().stock()).isEqualTo(new Stock(15, 11, 1, 3));
        assertThat(primary.writes()).isOne();

        assertThat(processor.getBackupProcessor()).isNotNull();
        processor.getBackupProcessor().process(backup);
        assertThat(backup.getValue().stock()).isEqualTo(primary.getValue().stock());
        assertThat(StockRecords.contents(backup.getValue().memory()))
                .isEqualTo(StockRecords.contents(primary.getValue().memory()));
    }

    @Test
    void answersAReExecutedReceiveAsTheFirstRunEvenAfterLaterChanges() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        Outcome first = run(entry, op(1), new StockCommand.ReceiveUpTo(15));
        run(entry, op(2), new StockCommand.Sell(4));

        assertThat(run(entry, op(1), new StockCommand.ReceiveUpTo(15)))
                .isEqualTo(first)
                .isEqualTo(new Outcome.Received(PRODUCT, 15, 15, true));
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(15, 11, 0, 4));
        assertThat(entry.writes()).isEqualTo(2);
    }

    @Test
    void receivesNothingWritesNothingAndHandsNoBackupWhenTheTotalIsThereAlready() {
        // As when the stock entry was loaded from the database after the restock committed.
        TestEntry<Long, StockRecord> entry = entry(new Stock(15, 11, 0, 4));
        StockCommandProcessor processor = new StockCommandProcessor(op(1), new StockCommand.ReceiveUpTo(15));

        assertThat(processor.process(entry)).isEqualTo(new Outcome.Received(PRODUCT, 15, 11, false));
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(15, 11, 0, 4));
        assertThat(entry.getValue().memory().size()).isZero();
        assertThat(entry.writes()).isZero();
        assertThat(processor.getBackupProcessor()).isNull();
    }

    @Test
    void endsAtTheLargestTotalWhicheverOfTwoReceivesComesFirst() {
        TestEntry<Long, StockRecord> smallerFirst = entry(Stock.initial(10));
        run(smallerFirst, op(1), new StockCommand.ReceiveUpTo(13));
        run(smallerFirst, op(2), new StockCommand.ReceiveUpTo(18));
        TestEntry<Long, StockRecord> largerFirst = entry(Stock.initial(10));
        run(largerFirst, op(2), new StockCommand.ReceiveUpTo(18));
        assertThat(run(largerFirst, op(1), new StockCommand.ReceiveUpTo(13)))
                .isEqualTo(new Outcome.Received(PRODUCT, 18, 18, false));

        assertThat(smallerFirst.getValue().stock())
                .isEqualTo(largerFirst.getValue().stock())
                .isEqualTo(Stock.initial(18));
    }

    @Test
    void forgetsARefusalAndHandsNoBackup() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(2));
        StockCommandProcessor processor = new StockCommandProcessor(op(1), new StockCommand.Sell(3));

        assertThat(processor.process(entry)).isEqualTo(new Outcome.SoldOut(PRODUCT, 3, 2));
        assertThat(entry.getValue().stock()).isEqualTo(Stock.initial(2));
        assertThat(entry.getValue().memory().size()).isZero();
        assertThat(entry.writes()).isZero();
        assertThat(processor.getBackupProcessor()).isNull();
    }

    @Test
    void decidesARefusedOpAfreshWhenItRunsAgain() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(2));
        run(entry, op(1), new StockCommand.Sell(3));
        run(entry, op(2), new StockCommand.Restock(5));
        assertThat(run(entry, op(1), new StockCommand.Sell(3))).isEqualTo(new Outcome.Sold(PRODUCT, 3, 4));
    }

    @Test
    void givesTheBackupTheResultingStateSoThatItRecognisesTheOp() {
        TestEntry<Long, StockRecord> primary = entry(Stock.initial(10));
        run(primary, op(0), new StockCommand.Hold(77, 1, EXPIRES));
        TestEntry<Long, StockRecord> backup = TestEntry.of(PRODUCT, StockRecords.copyOf(primary.getValue()));

        StockCommandProcessor processor = new StockCommandProcessor(op(1), new StockCommand.Sell(3));
        Outcome first = processor.process(primary);
        var backupProcessor = processor.getBackupProcessor();
        assertThat(backupProcessor).isNotNull();
        assertThat(backupProcessor.process(backup)).isNull();

        assertThat(backup.getValue().stock()).isEqualTo(primary.getValue().stock());
        assertThat(StockRecords.contents(backup.getValue().memory()))
                .isEqualTo(StockRecords.contents(primary.getValue().memory()));
        assertThat(backup.writes()).isOne();

        // Promoted, the backup answers a re-execution as the primary did, and changes nothing.
        StockCommandProcessor reExecuted = new StockCommandProcessor(op(1), new StockCommand.Sell(3));
        assertThat(reExecuted.process(backup)).isEqualTo(first);
        assertThat(backup.getValue().stock()).isEqualTo(new Stock(10, 6, 1, 3));
    }

    @Test
    void givesTheBackupStateThatIsSetRatherThanRerun() {
        TestEntry<Long, StockRecord> primary = entry(Stock.initial(10));
        TestEntry<Long, StockRecord> backup = TestEntry.of(PRODUCT, StockRecords.copyOf(primary.getValue()));
        StockCommandProcessor processor = new StockCommandProcessor(op(1), new StockCommand.Sell(3));
        processor.process(primary);

        processor.getBackupProcessor().process(backup);
        processor.getBackupProcessor().process(backup);
        assertThat(backup.getValue().stock()).isEqualTo(new Stock(10, 7, 0, 3));
        assertThat(backup.getValue().memory().size()).isOne();
    }

    @Test
    void givesABackupWithoutTheEntryTheWholeRecord() {
        TestEntry<Long, StockRecord> primary = entry(Stock.initial(10));
        StockCommandProcessor processor = new StockCommandProcessor(op(1), new StockCommand.Sell(3));
        processor.process(primary);

        TestEntry<Long, StockRecord> backup = TestEntry.absent(PRODUCT);
        processor.getBackupProcessor().process(backup);
        assertThat(backup.getValue().productId()).isEqualTo(PRODUCT);
        assertThat(backup.getValue().stock()).isEqualTo(new Stock(10, 7, 0, 3));
        assertThat(backup.getValue().memory().maxCount()).isEqualTo(StockRecords.MAX_COUNT);
        assertThat(backup.getValue().memory().maxAgeMillis()).isEqualTo(StockRecords.MAX_AGE_MILLIS);
        assertThat(StockRecords.contents(backup.getValue().memory()))
                .isEqualTo(StockRecords.contents(primary.getValue().memory()));
    }

    @Test
    void answersUnknownProductForAnAbsentEntry() {
        TestEntry<Long, StockRecord> entry = TestEntry.absent(PRODUCT);
        StockCommandProcessor processor = new StockCommandProcessor(op(1), new StockCommand.Sell(1));
        assertThat(processor.process(entry)).isEqualTo(new Outcome.UnknownProduct(PRODUCT));
        assertThat(entry.getValue()).isNull();
        assertThat(entry.writes()).isZero();
        assertThat(processor.getBackupProcessor()).isNull();
    }

    @Test
    void failsLoudlyWhenSettlingMoreThanIsHeld() {
        TestEntry<Long, StockRecord> entry = entry(new Stock(10, 8, 2, 0));
        assertThatThrownBy(() -> run(entry, OpId.settlementOf(77), new StockCommand.ConfirmHeld(77, 3)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(10, 8, 2, 0));
        assertThat(entry.getValue().memory().size()).isZero();
        assertThat(entry.writes()).isZero();
    }

    @Test
    void failsLoudlyWhenAHoldsOpIdComesBackWithAnotherCommand() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        run(entry, op(1), new StockCommand.Hold(77, 2, EXPIRES));
        assertThatThrownBy(() -> run(entry, op(1), new StockCommand.Sell(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reused");
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(10, 8, 2, 0));
    }
}
