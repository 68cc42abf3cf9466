package dev.flashsale.engine.stock;

/**
 * The stock of one product: units available to sell, units held by reservations, units sold.
 *
 * <p>Invariants, checked on construction: every count is non-negative and {@code available + held + sold == received},
 * the units ever received (initial stock plus restocks). Every change returns a new value; a change that would break
 * an invariant throws, so callers ask first ({@link #canTake(int)}, {@link #canSettleHeld(int)}).
 *
 * <p>Immutable and thread-safe. Pure: no grid, framework or database types.
 */
public record Stock(long received, long available, long held, long sold) {

    public Stock {
        if (received < 0 || available < 0 || held < 0 || sold < 0) {
            throw new IllegalArgumentException(
                    "stock counts are never negative: " + describe(received, available, held, sold));
        }
        // Compared by subtraction: the sum of three counts could overflow and wrap around to equal received.
        if (available > received || held > received - available || sold != received - available - held) {
            throw new IllegalArgumentException(
                    "available + held + sold must equal received: " + describe(received, available, held, sold));
        }
    }

    /** A new product's stock: {@code units} received, all available. */
    public static Stock initial(long units) {
        return new Stock(units, units, 0, 0);
    }

    /** Whether {@code quantity} units can be sold or held now. */
    public boolean canTake(int quantity) {
        return quantity >= 1 && available >= quantity;
    }

    /** Whether {@code quantity} held units exist to confirm or release. */
    public boolean canSettleHeld(int quantity) {
        return quantity >= 1 && held >= quantity;
    }

    /** Sells {@code quantity} available units. */
    public Stock sell(int quantity) {
        requireTake(quantity);
        return new Stock(received, available - quantity, held, sold + quantity);
    }

    /** Moves {@code quantity} available units to held. */
    public Stock hold(int quantity) {
        requireTake(quantity);
        return new Stock(received, available - quantity, held + quantity, sold);
    }

    /** Turns {@code quantity} held units into sold ones. */
    public Stock confirmHeld(int quantity) {
        requireHeld(quantity);
        return new Stock(received, available, held - quantity, sold + quantity);
    }

    /** Puts {@code quantity} held units back on sale. */
    public Stock releaseHeld(int quantity) {
        requireHeld(quantity);
        return new Stock(received, available + quantity, held - quantity, sold);
    }

    /** Takes back {@code quantity} sold units whose sale was never acknowledged (recovery of an aborted operation). */
    public Stock unsell(int quantity) {
        if (quantity < 1 || sold < quantity) {
            throw new IllegalArgumentException("cannot take back " + quantity + " of " + sold + " sold units");
        }
        return new Stock(received, available + quantity, held, sold - quantity);
    }

    /** Receives {@code quantity} more units, all available. */
    public Stock restock(int quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("a restock adds at least one unit: " + quantity);
        }
        return new Stock(Math.addExact(received, quantity), Math.addExact(available, quantity), held, sold);
    }

    /**
     * Raises the units received to {@code receivedTotal}, the newly received ones all available; a total at or below
     * what this stock has received already changes nothing and returns this value. Monotonic and idempotent: receiving
     * the same or a smaller total again, or several totals in any order, ends at the largest of them.
     */
    public Stock receiveUpTo(long receivedTotal) {
        if (receivedTotal < 0) {
            throw new IllegalArgumentException("units received in total are never negative: " + receivedTotal);
        }
        if (receivedTotal <= received) {
            return this;
        }
        return new Stock(receivedTotal, Math.addExact(available, receivedTotal - received), held, sold);
    }

    private void requireTake(int quantity) {
        if (!canTake(quantity)) {
            throw new IllegalArgumentException("cannot take " + quantity + " of " + available + " available units");
        }
    }

    private void requireHeld(int quantity) {
        if (!canSettleHeld(quantity)) {
            throw new IllegalArgumentException("cannot settle " + quantity + " of " + held + " held units");
        }
    }

    private static String describe(long received, long available, long held, long sold) {
        return "received=" + received + " available=" + available + " held=" + held + " sold=" + sold;
    }
}
