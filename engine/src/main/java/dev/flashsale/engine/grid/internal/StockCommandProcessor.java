package dev.flashsale.engine.grid.internal;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.stock.StockCommand;
import dev.flashsale.engine.stock.StockRules;
import java.util.Map;
import java.util.Objects;

/**
 * Applies one {@link StockCommand} to a product's stock, exactly once per {@link OpId}: a re-execution (Hazelcast
 * re-runs an entry processor when a member leaves mid-operation) finds the op in the entry's memory and returns the
 * first result unchanged, and hands the backup the current state again (see {@link #resend}). The backup receives the
 * resulting state, never a re-run of the command.
 *
 * <p>A thin adapter: the decision is {@link StockRules}'. One instance serves one invocation on the primary; the
 * backup it hands out is computed by {@link #process}.
 */
public final class StockCommandProcessor extends StockEntryProcessor {

    private final OpId opId;
    private final StockCommand command;

    public StockCommandProcessor(OpId opId, StockCommand command) {
        this.opId = Objects.requireNonNull(opId, "opId");
        this.command = Objects.requireNonNull(command, "command");
    }

    OpId opId() {
        return opId;
    }

    StockCommand command() {
        return command;
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
        if (known >= 0) {
            resend(record, opId, known);
            return RememberedOutcome.of(productId, command, memory, known);
        }
        StockRules.Decision decision = StockRules.decide(productId, record.stock(), command);
        if (!decision.outcome().changedStock()) {
            return decision.outcome();
        }
        commit(
                entry,
                record,
                decision.stock(),
                opId,
                RememberedOutcome.kindOf(command),
                RememberedOutcome.quantityOf(command));
        return decision.outcome();
    }
}
