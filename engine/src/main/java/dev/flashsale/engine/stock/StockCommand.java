package dev.flashsale.engine.stock;

/**
 * A change to one product's stock, as the rules in {@link StockRules} understand it.
 *
 * <p>All implementations are immutable records and thread-safe.
 */
public sealed interface StockCommand {

    /** Units the command moves. */
    int quantity();

    /** Sell {@code quantity} available units now. */
    record Sell(int quantity) implements StockCommand {
        public Sell {
            requirePositive(quantity);
        }
    }

    /** Hold {@code quantity} available units for hold {@code holdId} until {@code expiresAt}. */
    record Hold(long holdId, int quantity, long expiresAt) implements StockCommand {
        public Hold {
            requirePositive(quantity);
        }
    }

    /** Turn a hold's units into sold ones. */
    record ConfirmHeld(long holdId, int quantity) implements StockCommand {
        public ConfirmHeld {
            requirePositive(quantity);
        }
    }

    /** Put a hold's units back on sale. */
    record ReleaseHeld(long holdId, int quantity) implements StockCommand {
        public ReleaseHeld {
            requirePositive(quantity);
        }
    }

    /** Receive {@code quantity} more units. */
    record Restock(int quantity) implements StockCommand {
        public Restock {
            requirePositive(quantity);
        }
    }

    /** Take back {@code quantity} sold units and put them on sale again: the sale was reversed. */
    record ReturnSold(int quantity) implements StockCommand {
        public ReturnSold {
            requirePositive(quantity);
        }
    }

    private static void requirePositive(int quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("a stock command moves at least one unit: " + quantity);
        }
    }
}
