package dev.flashsale.engine.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.ReadOnly;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.grid.StockView;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.engine.stock.StockCommand;
import org.junit.jupiter.api.Test;

class ReadStockProcessorTest {

    static final long PRODUCT = 42;

    @Test
    void readsTheStockAndTheStateOfItsMemory() {
        TestEntry<Long, StockRecord> entry =
                TestEntry.of(PRODUCT, new StockRecord(PRODUCT, Stock.initial(10), new OpMemory(2, 60_000)));
        for (int number = 1; number <= 3; number++) {
            new StockCommandProcessor(new OpId(7, number), new StockCommand.Sell(1)).process(entry);
        }
        int writes = entry.writes();

        StockView view = ReadStockProcessor.INSTANCE.process(entry);
        assertThat(view.productId()).isEqualTo(PRODUCT);
        assertThat(view.stock()).isEqualTo(new Stock(10, 7, 0, 3));
        assertThat(view.rememberedOps()).isEqualTo(2);
        assertThat(view.shortestCountEvictionMillis())
                .isEqualTo(entry.getValue().memory().shortestCountEvictionMillis())
                .isLessThan(Long.MAX_VALUE);
        assertThat(entry.writes()).isEqualTo(writes);
    }

    @Test
    void answersNothingForAnUnknownProduct() {
        TestEntry<Long, StockRecord> entry = TestEntry.absent(PRODUCT);
        assertThat(ReadStockProcessor.INSTANCE.process(entry)).isNull();
        assertThat(entry.writes()).isZero();
    }

    @Test
    void isReadOnlyAndHasNoBackup() {
        assertThat(ReadStockProcessor.INSTANCE).isInstanceOf(ReadOnly.class);
        assertThat(ReadStockProcessor.INSTANCE.getBackupProcessor()).isNull();
    }
}
