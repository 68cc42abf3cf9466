package dev.flashsale.engine.grid.internal;

import dev.flashsale.engine.stock.Stock;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures for stock entries: records, exact copies of them (a backup replica's pre-state), their memory. */
final class StockRecords {

    static final int MAX_COUNT = 1_000;
    static final long MAX_AGE_MILLIS = 600_000;

    private StockRecords() {}

    /** One remembered operation, as {@link OpMemory#forEach} gives it. */
    record Remembered(long high, long low, long at, long meta, long available) {}

    static StockRecord of(long productId, Stock stock) {
        return new StockRecord(productId, stock, new OpMemory(MAX_COUNT, MAX_AGE_MILLIS));
    }

    /** An independent copy with the same stock and memory, as a backup replica would hold it. */
    static StockRecord copyOf(StockRecord record) {
        OpMemory original = record.memory();
        OpMemory copy = new OpMemory(original.maxCount(), original.maxAgeMillis());
        original.forEach(copy::restore);
        copy.restoreShortestCountEviction(original.shortestCountEvictionMillis());
        return new StockRecord(record.productId(), record.stock(), copy);
    }

    static List<Remembered> contents(OpMemory memory) {
        List<Remembered> contents = new ArrayList<>();
        memory.forEach(
                (high, low, at, meta, available) -> contents.add(new Remembered(high, low, at, meta, available)));
        return contents;
    }
}
