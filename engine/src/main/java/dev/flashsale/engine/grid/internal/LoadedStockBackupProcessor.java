package dev.flashsale.engine.grid.internal;

import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.stock.Stock;
import java.util.Map;
import java.util.Objects;

/**
 * What a backup replica receives for a stock entry that its primary loaded from the database (see
 * {@link ShareLoadedStockProcessor}): the entry with this stock and an empty op memory, unless the replica has one.
 */
public record LoadedStockBackupProcessor(Stock stock, int maxCount, long maxAgeMillis)
        implements EntryProcessor<Long, StockRecord, Boolean> {

    public LoadedStockBackupProcessor {
        Objects.requireNonNull(stock, "stock");
    }

    @Override
    public Boolean process(Map.Entry<Long, StockRecord> entry) {
        if (entry.getValue() != null) {
            return false;
        }
        entry.setValue(new StockRecord(entry.getKey(), stock, new OpMemory(maxCount, maxAgeMillis)));
        return true;
    }

    @Override
    public EntryProcessor<Long, StockRecord, Boolean> getBackupProcessor() {
        return null;
    }
}
