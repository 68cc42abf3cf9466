package dev.flashsale.engine.grid.internal;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.stock.Stock;
import java.util.Map;
import java.util.Objects;

/**
 * Fences off a sale or hold whose caller vanished before finishing it: undoes it if it was applied, and leaves a
 * tombstone either way, so that a late re-execution of the same op is answered {@link Outcome.Aborted} and changes
 * nothing. Only recovery runs it, and only for ops whose ledger claim was never settled, so nobody was told of a sale.
 */
public final class AbortProcessor extends StockEntryProcessor {

    private final OpId opId;

    public AbortProcessor(OpId opId) {
        this.opId = Objects.requireNonNull(opId, "opId");
    }

    OpId opId() {
        return opId;
    }

    @Override
    public Outcome process(Map.Entry<Long, StockRecord> entry) {
        long productId = entry.getKey();
        StockRecord record = entry.getValue();
        if (record == null) {
            return new Outcome.UnknownProduct(productId);
        }
        OpMemory memory = record.memory();
        int known = memory.find(opId.high(), opId.low());
        int kind = known >= 0 ? memory.kindAt(known) : 0;
        if (kind == OpMemory.ABORTED) {
            return new Outcome.Aborted(productId);
        }
        int quantity = known >= 0 ? memory.quantityAt(known) : 0;
        Stock next = switch (kind) {
            case 0 -> record.stock();
            case OpMemory.SOLD -> record.stock().unsell(quantity);
            case OpMemory.RESERVED -> record.stock().releaseHeld(quantity);
            default ->
                throw new IllegalStateException(
                        "product " + productId + ": op " + opId + " settled a hold and cannot be aborted");
        };
        commit(entry, record, next, opId, OpMemory.ABORTED, quantity);
        return new Outcome.Aborted(productId);
    }
}
