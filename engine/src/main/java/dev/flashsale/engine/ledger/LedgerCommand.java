package dev.flashsale.engine.ledger;

import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.ledger.Claim.Phase;
import java.util.Objects;

/**
 * A change to one buyer's ledger for one product; {@link BuyerLedger#apply(LedgerCommand, long)} carries it out.
 *
 * <p>All implementations are immutable records and thread-safe.
 */
public sealed interface LedgerCommand {

    /** Claim units before touching the stock; see {@link BuyerLedger#open(Claim, int, int)}. */
    record Open(Claim claim, int limit, int maxOpen) implements LedgerCommand {
        public Open {
            Objects.requireNonNull(claim, "claim");
            if (limit < 0 || maxOpen < 1) {
                throw new IllegalArgumentException("limit >= 0 and maxOpen >= 1: " + limit + ", " + maxOpen);
            }
        }
    }

    /** Record the stock's answer to a pending claim; see {@link BuyerLedger#settle(OpId, Outcome, long)}. */
    record Settle(OpId opId, Outcome stockOutcome) implements LedgerCommand {
        public Settle {
            Objects.requireNonNull(opId, "opId");
            Objects.requireNonNull(stockOutcome, "stockOutcome");
        }
    }

    /** Decide an open hold's fate; see {@link BuyerLedger#decide(long, Phase, long, long)}. */
    record Decide(long holdId, Phase decision, long settleGraceMillis) implements LedgerCommand {
        public Decide {
            Objects.requireNonNull(decision, "decision");
            if (!decision.decided()) {
                throw new IllegalArgumentException("not a decision: " + decision);
            }
        }
    }

    /** Finish a decided hold; see {@link BuyerLedger#complete(long, long)}. */
    record Complete(long holdId) implements LedgerCommand {}

    /** Give up on a pending claim whose caller vanished; see {@link BuyerLedger#abandon(OpId, long)}. */
    record Abandon(OpId opId) implements LedgerCommand {
        public Abandon {
            Objects.requireNonNull(opId, "opId");
        }
    }

    /** Drop an abandoned claim once its stock operation is fenced off; see {@link BuyerLedger#forget(OpId, long)}. */
    record Forget(OpId opId) implements LedgerCommand {
        public Forget {
            Objects.requireNonNull(opId, "opId");
        }
    }
}
