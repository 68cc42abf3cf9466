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

    /**
     * A re-execution answered from the memory at {@code position}: hands the backup the current stock and that op
     * again. The first attempt's backup may never have been acknowledged (its outcome was indeterminate, which is why
     * the caller runs it again); without a backup now the answer would be acknowledged with the change on the primary
     * alone, and lost if the backup is promoted, as on the side of a split that keeps the quorum. With it, the answer
     * waits for the backup like the first attempt did. The backup sets state, so resending it is harmless.
     */
    final void resend(StockRecord record, OpId opId, int position) {
        OpMemory memory = record.memory();
        backup = new StockBackupProcessor(
                record.stock(),
                opId,
                memory.atAt(position),
                memory.kindAt(position),
                memory.quantityAt(position),
                memory.availableAt(position),
                memory.maxCount(),
                memory.maxAgeMillis());
    }

    @Override
    public final EntryProcessor<Long, StockRecord, Outcome> getBackupProcessor() {
        return backup;
    }
}
