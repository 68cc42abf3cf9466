package dev.flashsale.engine;

/**
 * What a stock operation came to. Expected business results are values of this sealed interface, never exceptions and
 * never {@code null}; callers switch over it exhaustively.
 *
 * <p>All implementations are immutable records and thread-safe.
 */
public sealed interface Outcome {

    /** The product the operation was about. */
    long productId();

    /** Whether the operation changed stock. */
    default boolean changedStock() {
        return false;
    }

    /** {@code quantity} units were sold to the caller; {@code available} is what remained right after. */
    record Sold(long productId, int quantity, long available) implements Outcome {
        @Override
        public boolean changedStock() {
            return true;
        }
    }

    /** {@code quantity} units are held for hold {@code holdId} until {@code expiresAtMillis}. */
    record Reserved(long productId, long holdId, int quantity, long expiresAtMillis, long available)
            implements Outcome {
        @Override
        public boolean changedStock() {
            return true;
        }
    }

    /** The hold's units are sold. */
    record Confirmed(long productId, long holdId, int quantity) implements Outcome {
        @Override
        public boolean changedStock() {
            return true;
        }
    }

    /** The hold's units are back on sale. */
    record Released(long productId, long holdId, int quantity) implements Outcome {
        @Override
        public boolean changedStock() {
            return true;
        }
    }

    /** {@code quantity} units were received; {@code available} is the new figure. */
    record Restocked(long productId, int quantity, long available) implements Outcome {
        @Override
        public boolean changedStock() {
            return true;
        }
    }

    /**
     * The grid holds {@code received} units received in total, at least the total the operation asked for, and
     * {@code available} units are available, right after the operation. {@code changed} says whether this operation
     * raised them; one that found the total there already (a restock the grid had loaded from the database, or a
     * later restock's total) changed nothing.
     */
    record Received(long productId, long received, long available, boolean changed) implements Outcome {
        @Override
        public boolean changedStock() {
            return changed;
        }
    }

    /** {@code quantity} sold units were taken back and put on sale again (the sale was reversed). */
    record Returned(long productId, int quantity, long available) implements Outcome {
        @Override
        public boolean changedStock() {
            return true;
        }
    }

    /** Holds whose time had passed were released: {@code holds} of them, {@code units} in all. */
    record HoldsExpired(long productId, int holds, long units) implements Outcome {
        @Override
        public boolean changedStock() {
            return units > 0;
        }
    }

    /** Fewer than the requested units were available; nothing changed. */
    record SoldOut(long productId, int requested, long available) implements Outcome {}

    /** The buyer's purchases and holds would pass the product's per-buyer limit; nothing changed. */
    record LimitReached(long productId, int limit, int alreadyCounted, int requested) implements Outcome {}

    /** The buyer already has as many open holds on this product as allowed; nothing changed. */
    record TooManyHolds(long productId, int openHolds) implements Outcome {}

    /**
     * Another request with the same op id is still being carried out; this one did nothing. Asking again later answers
     * as that request did.
     */
    record InProgress(long productId) implements Outcome {}

    /** No such product in the grid. */
    record UnknownProduct(long productId) implements Outcome {}

    /** The buyer has no such hold on the product. */
    record UnknownHold(long productId, long holdId) implements Outcome {}

    /** The hold's time passed before it was confirmed; its units went back on sale. */
    record HoldExpired(long productId, long holdId) implements Outcome {}

    /** The hold was released before it was confirmed. */
    record HoldReleased(long productId, long holdId) implements Outcome {}

    /** The hold was already confirmed, so it cannot be released. */
    record HoldAlreadyConfirmed(long productId, long holdId) implements Outcome {}

    /** A product with this id already exists; nothing changed. */
    record AlreadyExists(long productId) implements Outcome {}

    /**
     * The operation was fenced off: its caller vanished before finishing it, recovery undid whatever it had done, and a
     * late re-execution is refused. Nothing is sold by it.
     */
    record Aborted(long productId) implements Outcome {}
}
