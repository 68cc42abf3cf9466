package dev.flashsale.api.product;

import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.grid.StockWatch;
import dev.flashsale.engine.stock.Stock;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * What {@link StockEvents} needs of the grid: a product's figures, and a watch on its changes. The grid's is {@link
 * #of(GridInventory)}; tests use their own.
 */
interface StockSource {

    /** The product's stock now, read on its owner; empty if there is no such product. */
    Optional<Stock> availability(long productId);

    /**
     * Calls {@code changed} (on a thread that must not block) after each change of the product's stock, until the
     * returned action is run, which stops it.
     */
    Runnable watch(long productId, LongConsumer changed);

    static StockSource of(GridInventory inventory) {
        return new StockSource() {
            @Override
            public Optional<Stock> availability(long productId) {
                return inventory.availability(productId);
            }

            @Override
            public Runnable watch(long productId, LongConsumer changed) {
                StockWatch watch = inventory.watch(productId, changed);
                return watch::close;
            }
        };
    }
}
