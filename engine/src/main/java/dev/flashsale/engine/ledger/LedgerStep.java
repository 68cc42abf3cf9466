package dev.flashsale.engine.ledger;

import dev.flashsale.engine.Outcome;
import java.util.Objects;

/**
 * What a ledger change tells its caller to do next.
 *
 * <p>All implementations are immutable and thread-safe.
 */
public sealed interface LedgerStep {

    /** Go on: run the stock side for {@code quantity} units. */
    record Proceed(int quantity) implements LedgerStep {}

    /** Stop here and answer {@code outcome}: refused, or already finished earlier. */
    record Answer(Outcome outcome) implements LedgerStep {
        public Answer {
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
