package dev.flashsale.engine.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.engine.stock.StockCommand;
import org.junit.jupiter.api.Test;

class AbortProcessorTest {

    static final long PRODUCT = 42;
    static final Outcome ABORTED = new Outcome.Aborted(PRODUCT);

    static OpId op(long number) {
        return new OpId(0xAB0, number);
    }

    static TestEntry<Long, StockRecord> entry(Stock stock) {
        return TestEntry.of(PRODUCT, StockRecords.of(PRODUCT, stock));
    }

    static Outcome run(TestEntry<Long, StockRecord> entry, OpId opId, StockCommand command) {
        return new StockCommandProcessor(opId, command).process(entry);
    }

    static int kindOf(TestEntry<Long, StockRecord> entry, OpId opId) {
        OpMemory memory = entry.getValue().memory();
        return memory.kindAt(memory.find(opId.high(), opId.low()));
    }

    @Test
    void undoesAnAppliedSaleAndFencesOffItsLateReExecution() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        run(entry, op(1), new StockCommand.Sell(3));

        AbortProcessor abort = new AbortProcessor(op(1));
        assertThat(abort.process(entry)).isEqualTo(ABORTED);
        assertThat(entry.getValue().stock()).isEqualTo(Stock.initial(10));
        assertThat(kindOf(entry, op(1))).isEqualTo(OpMemory.ABORTED);
        assertThat(abort.getBackupProcessor()).isNotNull();

        assertThat(run(entry, op(1), new StockCommand.Sell(3))).isEqualTo(ABORTED);
        assertThat(entry.getValue().stock()).isEqualTo(Stock.initial(10));
    }

    @Test
    void undoesAnAppliedHoldAndFencesOffItsLateReExecution() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        run(entry, op(1), new StockCommand.Hold(77, 4, 5_000));
        run(entry, op(2), new StockCommand.Sell(1));

        assertThat(new AbortProcessor(op(1)).process(entry)).isEqualTo(ABORTED);
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(10, 9, 0, 1));
        assertThat(run(entry, op(1), new StockCommand.Hold(77, 4, 5_000))).isEqualTo(ABORTED);
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(10, 9, 0, 1));
    }

    @Test
    void leavesATombstoneForAnOpThatNeverRan() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        assertThat(new AbortProcessor(op(9)).process(entry)).isEqualTo(ABORTED);
        assertThat(entry.getValue().stock()).isEqualTo(Stock.initial(10));
        assertThat(kindOf(entry, op(9))).isEqualTo(OpMemory.ABORTED);

        assertThat(run(entry, op(9), new StockCommand.Sell(2))).isEqualTo(ABORTED);
        assertThat(entry.getValue().stock()).isEqualTo(Stock.initial(10));
    }

    @Test
    void changesNothingWhenRepeated() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        run(entry, op(1), new StockCommand.Sell(3));
        new AbortProcessor(op(1)).process(entry);
        int writes = entry.writes();

        AbortProcessor again = new AbortProcessor(op(1));
        assertThat(again.process(entry)).isEqualTo(ABORTED);
        assertThat(entry.getValue().stock()).isEqualTo(Stock.initial(10));
        assertThat(entry.writes()).isEqualTo(writes);
        assertThat(again.getBackupProcessor()).isNull();
    }

    @Test
    void givesTheBackupTheUndoneStockAndTheTombstone() {
        TestEntry<Long, StockRecord> primary = entry(Stock.initial(10));
        run(primary, op(1), new StockCommand.Sell(3));
        TestEntry<Long, StockRecord> backup = TestEntry.of(PRODUCT, StockRecords.copyOf(primary.getValue()));

        AbortProcessor abort = new AbortProcessor(op(1));
        abort.process(primary);
        abort.getBackupProcessor().process(backup);

        assertThat(backup.getValue().stock()).isEqualTo(Stock.initial(10));
        assertThat(StockRecords.contents(backup.getValue().memory()))
                .isEqualTo(StockRecords.contents(primary.getValue().memory()));
        assertThat(run(backup, op(1), new StockCommand.Sell(3))).isEqualTo(ABORTED);
    }

    @Test
    void refusesToAbortTheSettlementOfAHold() {
        TestEntry<Long, StockRecord> entry = entry(Stock.initial(10));
        run(entry, op(1), new StockCommand.Hold(77, 2, 5_000));
        run(entry, OpId.settlementOf(77), new StockCommand.ConfirmHeld(77, 2));

        assertThatThrownBy(() -> new AbortProcessor(OpId.settlementOf(77)).process(entry))
                .isInstanceOf(IllegalStateException.class);
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(10, 8, 0, 2));
    }

    @Test
    void answersUnknownProductForAnAbsentEntry() {
        TestEntry<Long, StockRecord> entry = TestEntry.absent(PRODUCT);
        AbortProcessor abort = new AbortProcessor(op(1));
        assertThat(abort.process(entry)).isEqualTo(new Outcome.UnknownProduct(PRODUCT));
        assertThat(entry.writes()).isZero();
        assertThat(abort.getBackupProcessor()).isNull();
    }
}
