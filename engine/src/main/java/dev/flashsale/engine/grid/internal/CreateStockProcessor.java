package dev.flashsale.engine.grid.internal;

import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.stock.Stock;
import java.util.Map;
import java.util.Objects;

/**
 * Puts a new product's stock in the grid with the given op-memory bounds. A repeat of the same op answers as the first
 * did; another op for an existing product answers {@link Outcome.AlreadyExists}.
 */
public final class CreateStockProcessor implements EntryProcessor<Long, StockRecord, Outcome> {

    private final OpId opId;
    private final Stock stock;
    private final int maxCount;
    private final long maxAgeMillis;
    private StockBackupProcessor backup;

    public CreateStockProcessor(OpId opId, Stock stock, int maxCount, long maxAgeMillis) {
        this.opId = Objects.requireNonNull(opId, "opId");
        this.stock = Objects.requireNonNull(stock, "stock");
        this.maxCount = maxCount;
        this.maxAgeMillis = maxAgeMillis;
    }

    OpId opId() {
        return opId;
    }

    Stock stock() {
        return stock;
    }

    int maxCount() {
        return maxCount;
    }

    long maxAgeMillis() {
        return maxAgeMillis;
    }

    @Override
    public Outcome process(Map.Entry<Long, StockRecord> entry) {
        long productId = entry.getKey();
        StockRecord existing = entry.getValue();
        if (existing != null) {
            int known = existing.memory().find(opId.high(), opId.low());
            return known >= 0
                    ? new Outcome.Restocked(
                            productId,
                            existing.memory().quantityAt(known),
                            existing.memory().availableAt(known))
                    : new Outcome.AlreadyExists(productId);
        }
        long now = System.currentTimeMillis();
        int units = (int) Math.min(stock.received(), Integer.MAX_VALUE);
        StockRecord record = new StockRecord(productId, stock, new OpMemory(maxCount, maxAgeMillis));
        record.memory().remember(opId.high(), opId.low(), now, OpMemory.RESTOCKED, units, stock.available());
        entry.setValue(record);
        backup = new StockBackupProcessor(
                stock, opId, now, OpMemory.RESTOCKED, units, stock.available(), maxCount, maxAgeMillis);
        return new Outcome.Restocked(productId, units, stock.available());
    }

    @Override
    public EntryProcessor<Long, StockRecord, Outcome> getBackupProcessor() {
        return backup;
    }
}
