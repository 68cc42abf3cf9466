package dev.flashsale.engine.grid.internal;

import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.stock.Stock;
import java.util.Map;

/**
 * What every stock-changing processor does after deciding: replace the stock, remember the op with the primary's
 * clock, set the entry, and hand the backup the resulting state ({@link StockBackupProcessor}) instead of the command.
 * One instance serves one invocation on the primary.
 */
abstract class StockEntryProcessor implements EntryProcessor<Long, StockRecord, Outcome> {

    private StockBackupProcessor backup;

    /** Applies {@code next} to the entry and remembers {@code opId} as done with {@code kind} and {@code quantity}. */
    final void commit(
            Map.Entry<Long, StockRecord> entry, StockRecord record, Stock next, OpId opId, int kind, int quantity) {
        long now = System.currentTimeMillis();
        OpMemory memory = record.memory();
        record.replace(next);
        memory.remember(opId.high(), opId.low(), now, kind, quantity, next.available());
        entry.setValue(record);
        backup = new StockBackupProcessor(
                next, opId, now, kind, quantity, next.available(), memory.maxCount(), memory.maxAgeMillis());
    }

    @Override
    public final EntryProcessor<Long, StockRecord, Outcome> getBackupProcessor() {
        return backup;
    }
}
