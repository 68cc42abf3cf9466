package dev.flashsale.engine.grid.internal;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.stock.Stock;
import java.util.Map;
import java.util.Objects;

/**
 * Puts a new product's stock in the grid with the given op-memory bounds. A repeat of the same op answers as the first
 * did; another op for an existing product answers {@link Outcome.AlreadyExists}.
 */
public final class CreateStockProcessor extends StockEntryProcessor {

    private final OpId opId;
    private final Stock stock;
    private final int maxCount;
    private final long maxAgeMillis;

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
        int units = (int) Math.min(stock.received(), Integer.MAX_VALUE);
        StockRecord record = new StockRecord(productId, stock, new OpMemory(maxCount, maxAgeMillis));
        commit(entry, record, stock, opId, OpMemory.RESTOCKED, units);
        return new Outcome.Restocked(productId, units, stock.available());
    }
}
