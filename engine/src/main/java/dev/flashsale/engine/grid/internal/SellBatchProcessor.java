package dev.flashsale.engine.grid.internal;

import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.engine.stock.StockCommand;
import dev.flashsale.engine.stock.StockRules;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Sells to a batch of buyers of one product in one invocation: each sale, in the batch's order, exactly as a
 * {@link StockCommandProcessor} with a {@link StockCommand.Sell} would, each exactly once per {@link OpId}. A sale
 * whose op id the entry remembers (from an earlier invocation, from a re-execution of this batch, or from an earlier
 * sale of this batch with the same op id) answers its first result and changes nothing; a refusal is not remembered.
 * The backup receives the resulting stock and the sales to remember once for the whole batch
 * ({@link SellBatchBackupProcessor}), never a re-run of the sales; the sales a re-execution answers from memory go to
 * the backup again (their first backup may never have been acknowledged), so that no answer is acknowledged with a
 * sale on the primary alone.
 *
 * <p>A thin adapter: each decision is {@link StockRules}'. Carries the op ids and quantities as parallel arrays, which
 * it owns; one instance serves one invocation on the primary, and the backup it hands out is computed by
 * {@link #process}.
 */
public final class SellBatchProcessor implements EntryProcessor<Long, StockRecord, SellBatchOutcomes> {

    private final long[] opHigh;
    private final long[] opLow;
    private final int[] quantities;
    private SellBatchBackupProcessor backup;

    /** Sales of {@code quantities[i]} units under the op id ({@code opHigh[i]}, {@code opLow[i]}), in this order. */
    public SellBatchProcessor(long[] opHigh, long[] opLow, int[] quantities) {
        this.opHigh = Objects.requireNonNull(opHigh, "opHigh");
        this.opLow = Objects.requireNonNull(opLow, "opLow");
        this.quantities = Objects.requireNonNull(quantities, "quantities");
        if (opHigh.length == 0 || opLow.length != opHigh.length || quantities.length != opHigh.length) {
            throw new IllegalArgumentException("a batch has at least one sale, each with an op id and a quantity: "
                    + opHigh.length + ", " + opLow.length + ", " + quantities.length);
        }
        for (int quantity : quantities) {
            if (quantity < 1) {
                throw new IllegalArgumentException("a sale moves at least one unit: " + Arrays.toString(quantities));
            }
        }
    }

    /** Sales in this batch. */
    public int size() {
        return quantities.length;
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

    @Override
    public SellBatchOutcomes process(Map.Entry<Long, StockRecord> entry) {
        long productId = entry.getKey();
        StockRecord record = entry.getValue();
        int size = quantities.length;
        if (record == null) {
            return SellBatchOutcomes.unknownProduct(productId, size);
        }
        int[] kinds = new int[size];
        int[] answeredQuantities = new int[size];
        long[] available = new long[size];
        int[] applied = new int[size];
        int appliedCount = 0;
        boolean changed = false;
        OpMemory memory = record.memory();
        long now = System.currentTimeMillis();
        for (int i = 0; i < size; i++) {
            int known = memory.find(opHigh[i], opLow[i]);
            if (known >= 0) {
                kinds[i] = memory.kindAt(known);
                answeredQuantities[i] = memory.quantityAt(known);
                available[i] = memory.availableAt(known);
                if (kinds[i] == OpMemory.SOLD) {
                    // A re-execution: its first backup may never have been acknowledged (which is why the caller runs
                    // it again). Hand it to the backup again, as StockEntryProcessor.resend does, so that the answer
                    // waits for a backup instead of being acknowledged with the sale on the primary alone.
                    applied[appliedCount++] = i;
                }
                continue;
            }
            StockRules.Decision decision =
                    StockRules.decide(productId, record.stock(), new StockCommand.Sell(quantities[i]));
            switch (decision.outcome()) {
                case Outcome.Sold sold -> {
                    record.replace(decision.stock());
                    memory.remember(opHigh[i], opLow[i], now, OpMemory.SOLD, sold.quantity(), sold.available());
                    kinds[i] = OpMemory.SOLD;
                    answeredQuantities[i] = sold.quantity();
                    available[i] = sold.available();
                    applied[appliedCount++] = i;
                    changed = true;
                }
                case Outcome.SoldOut soldOut -> {
                    kinds[i] = SellBatchOutcomes.SOLD_OUT;
                    answeredQuantities[i] = soldOut.requested();
                    available[i] = soldOut.available();
                }
                default -> throw new IllegalStateException("a sale decided " + decision.outcome());
            }
        }
        if (changed) {
            entry.setValue(record);
        }
        if (appliedCount > 0) {
            backup = backupOf(record.stock(), now, applied, appliedCount, answeredQuantities, available, memory);
        }
        return new SellBatchOutcomes(productId, kinds, answeredQuantities, available);
    }

    @Override
    public EntryProcessor<Long, StockRecord, SellBatchOutcomes> getBackupProcessor() {
        return backup;
    }

    /** The resulting stock and the sales this run applied, in the order it remembered them. */
    private SellBatchBackupProcessor backupOf(
            Stock stock,
            long now,
            int[] applied,
            int count,
            int[] answeredQuantities,
            long[] available,
            OpMemory memory) {
        long[] backupHigh = new long[count];
        long[] backupLow = new long[count];
        int[] backupQuantities = new int[count];
        long[] backupAvailable = new long[count];
        for (int j = 0; j < count; j++) {
            int i = applied[j];
            backupHigh[j] = opHigh[i];
            backupLow[j] = opLow[i];
            backupQuantities[j] = answeredQuantities[i];
            backupAvailable[j] = available[i];
        }
        return new SellBatchBackupProcessor(
                stock,
                now,
                backupHigh,
                backupLow,
                backupQuantities,
                backupAvailable,
                memory.maxCount(),
                memory.maxAgeMillis());
    }
}
