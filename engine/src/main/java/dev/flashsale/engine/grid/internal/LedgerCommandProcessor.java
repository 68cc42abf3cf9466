package dev.flashsale.engine.grid.internal;

import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.ledger.BuyerLedger;
import dev.flashsale.engine.ledger.LedgerCommand;
import dev.flashsale.engine.ledger.LedgerStep;
import java.util.Map;
import java.util.Objects;

/**
 * Applies one {@link LedgerCommand} to a buyer's ledger. Every ledger command is idempotent by its op or hold id, so a
 * re-execution answers as the first did. The backup receives the resulting ledger.
 */
public final class LedgerCommandProcessor implements EntryProcessor<LedgerKey, BuyerLedger, LedgerStep> {

    private final LedgerCommand command;
    private ReplaceValueProcessor<LedgerKey, BuyerLedger, LedgerStep> backup;

    public LedgerCommandProcessor(LedgerCommand command) {
        this.command = Objects.requireNonNull(command, "command");
    }

    LedgerCommand command() {
        return command;
    }

    @Override
    public LedgerStep process(Map.Entry<LedgerKey, BuyerLedger> entry) {
        LedgerKey key = entry.getKey();
        BuyerLedger ledger = entry.getValue();
        if (ledger == null) {
            ledger = BuyerLedger.empty(key.productId(), key.buyerId());
        }
        BuyerLedger.Change change = ledger.apply(command, System.currentTimeMillis());
        if (!change.ledger().equals(ledger)) {
            entry.setValue(change.ledger());
            backup = new ReplaceValueProcessor<>(change.ledger());
        }
        return change.step();
    }

    @Override
    public EntryProcessor<LedgerKey, BuyerLedger, LedgerStep> getBackupProcessor() {
        return backup;
    }
}
