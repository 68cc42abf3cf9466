package dev.flashsale.engine.grid.internal;

import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.stock.Stock;
import java.util.Map;
import java.util.Objects;

/**
 * What a backup replica receives after a {@link SellBatchProcessor} sold on the primary: the resulting stock and the
 * sales to remember, in the order the primary remembered them and with the primary's clock, so that the backup's
 * memory mirrors the primary's and a promoted backup recognises every sale of a re-executed batch. One backup for the
 * whole batch; it sets state and never re-runs a sale, so applying it twice changes nothing more.
 *
 * <p>Carries parallel arrays, which it owns. Used on one partition thread at a time.
 */
public final class SellBatchBackupProcessor implements EntryProcessor<Long, StockRecord, SellBatchOutcomes> {

    private final Stock stock;
    private final long at;
    private final long[] opHigh;
    private final long[] opLow;
    private final int[] quantities;
    private final long[] available;
    private final int maxCount;
    private final long maxAgeMillis;

    SellBatchBackupProcessor(
            Stock stock,
            long at,
            long[] opHigh,
            long[] opLow,
            int[] quantities,
            long[] available,
            int maxCount,
            long maxAgeMillis) {
        this.stock = Objects.requireNonNull(stock, "stock");
        this.at = at;
        this.opHigh = Objects.requireNonNull(opHigh, "opHigh");
        this.opLow = Objects.requireNonNull(opLow, "opLow");
        this.quantities = Objects.requireNonNull(quantities, "quantities");
        this.available = Objects.requireNonNull(available, "available");
        if (opLow.length != opHigh.length || quantities.length != opHigh.length || available.length != opHigh.length) {
            throw new IllegalArgumentException("one op id, quantity and available figure per sale");
        }
        this.maxCount = maxCount;
        this.maxAgeMillis = maxAgeMillis;
    }

    Stock stock() {
        return stock;
    }

    long at() {
        return at;
    }

    long[] opHigh() {
        return opHigh;
    }

    long[] opLow() {
        return opLow;
    }

    int[] quantities() {
        return quantities;
    }

    long[] available() {
        return available;
    }

    int maxCount() {
        return maxCount;
    }

    long maxAgeMillis() {
        return maxAgeMillis;
    }

    @Override
    public SellBatchOutcomes process(Map.Entry<Long, StockRecord> entry) {
        StockRecord record = entry.getValue();
        if (record == null) {
            record = new StockRecord(entry.getKey(), stock, new OpMemory(maxCount, maxAgeMillis));
        }
        record.replace(stock);
        OpMemory memory = record.memory();
        for (int i = 0; i < opHigh.length; i++) {
            memory.remember(opHigh[i], opLow[i], at, OpMemory.SOLD, quantities[i], available[i]);
        }
        entry.setValue(record);
        return null;
    }

    @Override
    public EntryProcessor<Long, StockRecord, SellBatchOutcomes> getBackupProcessor() {
        return null;
    }
}
