package dev.flashsale.engine.ledger;

import dev.flashsale.engine.OpId;
import java.util.Objects;

/**
 * One buyer's unfinished business with one product: units claimed against the per-buyer limit before the stock is
 * touched (a purchase or a hold in flight), or a hold that is open or being settled.
 *
 * <p>{@code holdId} is 0 for a purchase. {@code deadline} is when recovery steps in: for a pending claim, the moment
 * its caller is presumed gone; for an open hold, its expiry; for a decided hold, when its settlement is presumed
 * stuck.
 *
 * <p>{@code attempt} identifies the one request (caller flow) that owns the claim: its retries carry the same attempt
 * and go on; another request with the same op id while the claim is open is told it is in progress, so two requests
 * never drive one claim at once.
 *
 * <p>Immutable and thread-safe.
 */
public record Claim(
        OpId opId, long holdId, Kind kind, Phase phase, int quantity, long expiresAt, long deadline, long attempt) {

    /** What the claim is for. */
    public enum Kind {
        PURCHASE,
        HOLD
    }

    /** Where the claim stands. Only holds go past {@link #PENDING}. */
    public enum Phase {
        /** Units counted against the limit; the stock operation may or may not have run yet. */
        PENDING,
        /** The stock holds the units for this buyer until {@code expiresAt}. */
        HELD,
        /** Decided: the hold becomes a sale. */
        CONFIRMING,
        /** Decided: the buyer released the hold. */
        RELEASING,
        /** Decided: the hold's time passed. */
        EXPIRING,
        /**
         * Recovery gave up on a pending claim whose caller vanished: its units still count, and a late settlement is
         * answered Aborted, until the stock operation is fenced off and the claim forgotten.
         */
        ABORTING;

        public boolean decided() {
            return this == CONFIRMING || this == RELEASING || this == EXPIRING;
        }
    }

    public Claim {
        Objects.requireNonNull(opId, "opId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(phase, "phase");
        if (quantity < 1) {
            throw new IllegalArgumentException("a claim is for at least one unit: " + quantity);
        }
        if (kind == Kind.PURCHASE && (holdId != 0 || (phase != Phase.PENDING && phase != Phase.ABORTING))) {
            throw new IllegalArgumentException("a purchase claim has no hold and is only ever pending or aborting");
        }
        if (kind == Kind.HOLD && holdId == 0) {
            throw new IllegalArgumentException("a hold claim needs a hold id");
        }
    }

    /** A claim owned by no particular request (attempt 0): any request with its op id may drive it. */
    public Claim(OpId opId, long holdId, Kind kind, Phase phase, int quantity, long expiresAt, long deadline) {
        this(opId, holdId, kind, phase, quantity, expiresAt, deadline, 0);
    }

    Claim moveTo(Phase next, long nextDeadline) {
        return new Claim(opId, holdId, kind, next, quantity, expiresAt, nextDeadline, attempt);
    }
}
