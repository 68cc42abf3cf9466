package dev.flashsale.engine.stock;

/**
 * A change to one product's stock, as the rules in {@link StockRules} understand it.
 *
 * <p>All implementations are immutable records and thread-safe.
 */
public sealed interface StockCommand {

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

    /**
     * Receive {@code quantity} more units. Not reconciled with the database: for grids without one (tests,
     * benchmarks). An app node receives stock with {@link ReceiveUpTo}.
     */
    record Restock(int quantity) implements StockCommand {
        public Restock {
            requirePositive(quantity);
        }
    }

    /**
     * The database has received {@code receivedTotal} units of the product in all: raise {@code received} and {@code
     * available} by what the grid is missing of that total, or change nothing if it has it already (for instance
     * because its stock entry was loaded after the restock committed). Monotonic, so concurrent receives may arrive in
     * any order and a repeated one adds nothing.
     */
    record ReceiveUpTo(long receivedTotal) implements StockCommand {
        public ReceiveUpTo {
            if (receivedTotal < 0) {
                throw new IllegalArgumentException("units received in total are never negative: " + receivedTotal);
            }
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
