package dev.flashsale.engine.grid.internal;

import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.stock.Stock;
import java.util.Map;
import java.util.Objects;

/**
 * What a backup replica receives after a stock change on the primary: the resulting stock and the one operation to
 * remember (with the primary's clock), so that the backup's memory mirrors the primary's and a promoted backup
 * recognises a re-executed operation. It sets state; it never re-runs a command.
 */
public record StockBackupProcessor(
        Stock stock, OpId opId, long at, int kind, int quantity, long available, int maxCount, long maxAgeMillis)
        implements EntryProcessor<Long, StockRecord, Outcome> {

    public StockBackupProcessor {
        Objects.requireNonNull(stock, "stock");
        Objects.requireNonNull(opId, "opId");
    }

    @Override
    public Outcome process(Map.Entry<Long, StockRecord> entry) {
        StockRecord record = entry.getValue();
        if (record == null) {
            record = new StockRecord(entry.getKey(), stock, new OpMemory(maxCount, maxAgeMillis));
        }
        record.replace(stock);
        record.memory().remember(opId.high(), opId.low(), at, kind, quantity, available);
        entry.setValue(record);
        return null;
    }

    @Override
    public EntryProcessor<Long, StockRecord, Outcome> getBackupProcessor() {
        return null;
    }
}
