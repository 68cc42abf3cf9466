package dev.flashsale.engine.grid.internal;

import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.ledger.BuyerLedger;
import dev.flashsale.engine.ledger.LedgerStep;
import java.util.Map;
import java.util.Objects;

/** What a ledger's backup replica receives: the resulting ledger, set as it is. */
public record SetLedgerProcessor(BuyerLedger ledger) implements EntryProcessor<LedgerKey, BuyerLedger, LedgerStep> {

    public SetLedgerProcessor {
        Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public LedgerStep process(Map.Entry<LedgerKey, BuyerLedger> entry) {
        entry.setValue(ledger);
        return null;
    }

    @Override
    public EntryProcessor<LedgerKey, BuyerLedger, LedgerStep> getBackupProcessor() {
        return null;
    }
}
