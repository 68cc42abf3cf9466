package dev.flashsale.engine.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.ledger.BuyerLedger;
import dev.flashsale.engine.ledger.Claim;
import dev.flashsale.engine.ledger.LedgerCommand;
import dev.flashsale.engine.ledger.LedgerStep;
import org.junit.jupiter.api.Test;

class LedgerCommandProcessorTest {

    static final long PRODUCT = 42;
    static final LedgerKey KEY = new LedgerKey(PRODUCT, "alice");

    static OpId op(long number) {
        return new OpId(0x1ED6E5, number);
    }

    static LedgerCommand.Open openPurchase(OpId opId, int quantity, int limit) {
        Claim claim = new Claim(opId, 0, Claim.Kind.PURCHASE, Claim.Phase.PENDING, quantity, 0, Long.MAX_VALUE);
        return new LedgerCommand.Open(claim, limit, 16);
    }

    static TestEntry<LedgerKey, BuyerLedger> ledgerWithPendingPurchase(OpId opId, int quantity) {
        TestEntry<LedgerKey, BuyerLedger> entry = TestEntry.absent(KEY);
        new LedgerCommandProcessor(openPurchase(opId, quantity, 0)).process(entry);
        return TestEntry.of(KEY, entry.getValue());
    }

    @Test
    void createsTheLedgerOnAnEmptyEntry() {
        TestEntry<LedgerKey, BuyerLedger> entry = TestEntry.absent(KEY);
        LedgerCommandProcessor processor = new LedgerCommandProcessor(openPurchase(op(1), 2, 3));

        assertThat(processor.process(entry)).isEqualTo(new LedgerStep.Proceed(2));
        BuyerLedger ledger = entry.getValue();
        assertThat(ledger.productId()).isEqualTo(PRODUCT);
        assertThat(ledger.buyerId()).isEqualTo("alice");
        assertThat(ledger.claim(op(1))).isPresent();
        assertThat(entry.writes()).isOne();
        assertThat(processor.getBackupProcessor()).isEqualTo(new ReplaceValueProcessor<>(ledger));
    }

    @Test
    void leavesTheEntryAloneWhenTheLedgerIsUnchanged() {
        TestEntry<LedgerKey, BuyerLedger> entry = ledgerWithPendingPurchase(op(1), 2);
        BuyerLedger before = entry.getValue();

        LedgerCommandProcessor refused = new LedgerCommandProcessor(openPurchase(op(2), 2, 3));
        assertThat(refused.process(entry)).isEqualTo(new LedgerStep.Answer(new Outcome.LimitReached(PRODUCT, 3, 2, 2)));
        LedgerCommandProcessor repeated = new LedgerCommandProcessor(openPurchase(op(1), 2, 3));
        assertThat(repeated.process(entry)).isEqualTo(new LedgerStep.Proceed(2));

        assertThat(entry.getValue()).isSameAs(before);
        assertThat(entry.writes()).isZero();
        assertThat(refused.getBackupProcessor()).isNull();
        assertThat(repeated.getBackupProcessor()).isNull();
    }

    @Test
    void storesNoLedgerWhenACommandOnAnEmptyEntryChangesNothing() {
        TestEntry<LedgerKey, BuyerLedger> entry = TestEntry.absent(KEY);
        LedgerCommandProcessor processor = new LedgerCommandProcessor(new LedgerCommand.Complete(77));
        assertThat(processor.process(entry)).isEqualTo(new LedgerStep.Answer(new Outcome.UnknownHold(PRODUCT, 77)));
        assertThat(entry.getValue()).isNull();
        assertThat(entry.writes()).isZero();
        assertThat(processor.getBackupProcessor()).isNull();
    }

    @Test
    void givesTheBackupTheResultingLedger() {
        TestEntry<LedgerKey, BuyerLedger> primary = ledgerWithPendingPurchase(op(1), 2);
        TestEntry<LedgerKey, BuyerLedger> backup = TestEntry.of(KEY, primary.getValue());

        LedgerCommandProcessor processor =
                new LedgerCommandProcessor(new LedgerCommand.Settle(op(1), new Outcome.Sold(PRODUCT, 2, 8)));
        assertThat(processor.process(primary)).isEqualTo(new LedgerStep.Answer(new Outcome.Sold(PRODUCT, 2, 8)));
        assertThat(processor.getBackupProcessor().process(backup)).isNull();

        assertThat(backup.getValue()).isEqualTo(primary.getValue());
        assertThat(backup.getValue().purchased()).isEqualTo(2);
    }

    @Test
    void replaceValueProcessorSetsTheLedgerAsItIs() {
        TestEntry<LedgerKey, BuyerLedger> entry = ledgerWithPendingPurchase(op(1), 2);
        BuyerLedger replacement = BuyerLedger.empty(PRODUCT, "alice");
        ReplaceValueProcessor<LedgerKey, BuyerLedger, LedgerStep> processor = new ReplaceValueProcessor<>(replacement);

        assertThat(processor.process(entry)).isNull();
        assertThat(entry.getValue()).isSameAs(replacement);
        assertThat(entry.writes()).isOne();
        assertThat(processor.getBackupProcessor()).isNull();

        TestEntry<LedgerKey, BuyerLedger> absent = TestEntry.absent(KEY);
        processor.process(absent);
        assertThat(absent.getValue()).isSameAs(replacement);
    }
}
