package dev.flashsale.engine.grid.internal;

import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.stock.Stock;
import java.util.Map;

/**
 * Hands the backup replica a stock entry that a read loaded from the database: Hazelcast backs up a change, not a load
 * (see {@code LoadedEntryBackups}). On the primary it changes nothing, not even by setting the same record, so it
 * publishes no event; Hazelcast sends its backup processor ({@link LoadedStockBackupProcessor}) all the same, and that
 * creates the entry with the same stock and an empty op memory where the replica has none. A replica that has the
 * entry got it from a change, which was backed up with its state, so it is left as it is.
 *
 * <p>One instance serves one invocation on the primary; the backup it hands out is computed by {@link #process}.
 */
public final class ShareLoadedStockProcessor implements EntryProcessor<Long, StockRecord, Boolean> {

    private final int maxCount;
    private final long maxAgeMillis;
    private Stock loaded;

    public ShareLoadedStockProcessor(int maxCount, long maxAgeMillis) {
        this.maxCount = maxCount;
        this.maxAgeMillis = maxAgeMillis;
    }

    int maxCount() {
        return maxCount;
    }

    long maxAgeMillis() {
        return maxAgeMillis;
    }

    @Override
    public Boolean process(Map.Entry<Long, StockRecord> entry) {
        StockRecord record = entry.getValue();
        if (record == null) {
            return false;
        }
        // No setValue: the entry does not change, so no stock event is published (StockWatch would tell its watchers of
        // a change that is none). Hazelcast sends the backup processor below whether the entry changed or not.
        loaded = record.stock();
        return true;
    }

    @Override
    public EntryProcessor<Long, StockRecord, Boolean> getBackupProcessor() {
        return loaded == null ? null : new LoadedStockBackupProcessor(loaded, maxCount, maxAgeMillis);
    }
}
