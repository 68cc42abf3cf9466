package dev.flashsale.engine.grid.internal;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.grid.StockView;
import java.util.Map;

/**
 * Reads a product's stock and the state of its op memory on the owning partition, without copying the memory itself.
 * Answers {@code null} for an unknown product (the adapter turns that into an empty {@code Optional}).
 */
public final class ReadStockProcessor implements EntryProcessor<Long, StockRecord, StockView>, ReadOnly {

    public static final ReadStockProcessor INSTANCE = new ReadStockProcessor();

    private ReadStockProcessor() {}

    @Override
    public StockView process(Map.Entry<Long, StockRecord> entry) {
        StockRecord record = entry.getValue();
        if (record == null) {
            return null;
        }
        OpMemory memory = record.memory();
        return new StockView(entry.getKey(), record.stock(), memory.size(), memory.shortestCountEvictionMillis());
    }

    @Override
    public EntryProcessor<Long, StockRecord, StockView> getBackupProcessor() {
        return null;
    }
}
