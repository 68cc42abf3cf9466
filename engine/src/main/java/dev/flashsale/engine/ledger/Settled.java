package dev.flashsale.engine.ledger;

import dev.flashsale.engine.OpId;
import java.util.Objects;

/**
 * The memory of a finished claim, so that a repeated request is answered as the first one was instead of being run
 * again. {@code available} is the stock figure the first answer carried (-1 where it carried none).
 *
 * <p>Immutable and thread-safe.
 */
public record Settled(OpId opId, long holdId, Ending ending, int quantity, long available, long at) {

    /** How the claim ended. */
    public enum Ending {
        /** A purchase went through. */
        PURCHASED,
        /** The stock refused (sold out); nothing was counted. */
        REFUSED,
        /** A hold became a sale. */
        CONFIRMED,
        /** The buyer released a hold. */
        RELEASED,
        /** A hold's time passed. */
        EXPIRED,
        /** Recovery gave up on a claim whose caller vanished; nothing was sold. */
        ABORTED
    }

    public Settled {
        Objects.requireNonNull(opId, "opId");
        Objects.requireNonNull(ending, "ending");
    }
}
