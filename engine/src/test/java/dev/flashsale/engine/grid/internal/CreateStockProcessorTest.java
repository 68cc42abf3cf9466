package dev.flashsale.engine.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.engine.stock.StockCommand;
import org.junit.jupiter.api.Test;

class CreateStockProcessorTest {

    static final long PRODUCT = 42;

    static OpId op(long number) {
        return new OpId(0xC4EA7E, number);
    }

    static CreateStockProcessor create(OpId opId, long units) {
        return new CreateStockProcessor(opId, Stock.initial(units), 50, 60_000);
    }

    @Test
    void createsTheProductWithItsMemoryBounds() {
        TestEntry<Long, StockRecord> entry = TestEntry.absent(PRODUCT);
        CreateStockProcessor processor = create(op(1), 10);

        assertThat(processor.process(entry)).isEqualTo(new Outcome.Restocked(PRODUCT, 10, 10));
        StockRecord record = entry.getValue();
        assertThat(record.productId()).isEqualTo(PRODUCT);
        assertThat(record.stock()).isEqualTo(Stock.initial(10));
        assertThat(record.memory().maxCount()).isEqualTo(50);
        assertThat(record.memory().maxAgeMillis()).isEqualTo(60_000);
        assertThat(record.memory().find(op(1).high(), op(1).low())).isNotNegative();
        assertThat(entry.writes()).isOne();
        assertThat(processor.getBackupProcessor()).isNotNull();
    }

    @Test
    void answersAsTheFirstTimeWhenTheSameOpRepeats() {
        TestEntry<Long, StockRecord> entry = TestEntry.absent(PRODUCT);
        create(op(1), 10).process(entry);
        new StockCommandProcessor(op(2), new StockCommand.Sell(3)).process(entry);
        int writes = entry.writes();

        CreateStockProcessor again = create(op(1), 10);
        assertThat(again.process(entry)).isEqualTo(new Outcome.Restocked(PRODUCT, 10, 10));
        assertThat(entry.getValue().stock()).isEqualTo(new Stock(10, 7, 0, 3));
        assertThat(entry.writes()).isEqualTo(writes);
        assertThat(again.getBackupProcessor()).isNull();
    }

    @Test
    void answersAlreadyExistsForAnotherOp() {
        TestEntry<Long, StockRecord> entry = TestEntry.absent(PRODUCT);
        create(op(1), 10).process(entry);

        CreateStockProcessor other = create(op(2), 99);
        assertThat(other.process(entry)).isEqualTo(new Outcome.AlreadyExists(PRODUCT));
        assertThat(entry.getValue().stock()).isEqualTo(Stock.initial(10));
        assertThat(entry.writes()).isOne();
        assertThat(other.getBackupProcessor()).isNull();
    }

    @Test
    void givesTheBackupTheSameRecord() {
        TestEntry<Long, StockRecord> primary = TestEntry.absent(PRODUCT);
        CreateStockProcessor processor = create(op(1), 10);
        processor.process(primary);

        TestEntry<Long, StockRecord> backup = TestEntry.absent(PRODUCT);
        processor.getBackupProcessor().process(backup);
        assertThat(backup.getValue().stock()).isEqualTo(Stock.initial(10));
        assertThat(backup.getValue().memory().maxCount()).isEqualTo(50);
        assertThat(backup.getValue().memory().maxAgeMillis()).isEqualTo(60_000);
        assertThat(StockRecords.contents(backup.getValue().memory()))
                .isEqualTo(StockRecords.contents(primary.getValue().memory()));
        assertThat(create(op(1), 10).process(backup)).isEqualTo(new Outcome.Restocked(PRODUCT, 10, 10));
    }

    @Test
    void createsAProductWithNothingInStock() {
        TestEntry<Long, StockRecord> entry = TestEntry.absent(PRODUCT);
        assertThat(create(op(1), 0).process(entry)).isEqualTo(new Outcome.Restocked(PRODUCT, 0, 0));
        assertThat(entry.getValue().stock()).isEqualTo(Stock.initial(0));
    }
}
