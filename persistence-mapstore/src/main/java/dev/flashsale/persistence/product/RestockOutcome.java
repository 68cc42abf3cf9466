package dev.flashsale.persistence.product;

import java.util.Objects;

/** What {@link ProductDao#restock} did. Immutable and thread-safe. */
public sealed interface RestockOutcome {

    /** The stock is received now; the totals after it. */
    record Restocked(StockTotals stock) implements RestockOutcome {
        public Restocked {
            Objects.requireNonNull(stock, "stock");
        }
    }

    /** This operation was recorded before and is not applied again; the totals as they are. */
    record AlreadyRestocked(StockTotals stock) implements RestockOutcome {
        public AlreadyRestocked {
            Objects.requireNonNull(stock, "stock");
        }
    }

    /** There is no such product; nothing was stored. */
    record UnknownProduct(long productId) implements RestockOutcome {}
}
