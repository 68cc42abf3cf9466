package dev.flashsale.persistence.grid;

import dev.flashsale.engine.Outcome;
import dev.flashsale.persistence.product.StockTotals;
import java.util.Objects;

/** What {@link CatalogueAdmin#restock} came to. Immutable and thread-safe. */
public sealed interface RestockResult {

    /**
     * The database has received {@code database.received()} units of the product in all (this restock included, once
     * however often it was sent), and the grid holds at least that many: {@code grid} is its stock right after it was
     * told.
     */
    record Restocked(StockTotals database, Outcome.Received grid) implements RestockResult {
        public Restocked {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(grid, "grid");
        }
    }

    /** There is no such product; nothing was stored. */
    record UnknownProduct(long productId) implements RestockResult {}
}
