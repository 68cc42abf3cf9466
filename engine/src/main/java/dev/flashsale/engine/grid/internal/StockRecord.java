package dev.flashsale.engine.grid.internal;

import dev.flashsale.engine.stock.Stock;
import java.util.Objects;

/**
 * The value stored for one product in the stock map: its {@link Stock} and the memory of operations applied to it.
 *
 * <p>The stock is an immutable value replaced on every change; the memory is mutated in place so that an operation
 * costs O(1) whatever the product's history.
 *
 * <p>Not thread-safe: confined to the owning partition thread, like {@link OpMemory}. The stock map uses the OBJECT
 * in-memory format so entry processors work on this object without a serialization round trip, and nothing reads it
 * from another thread: the stock map has no queries, and its only listeners ({@code StockWatch}, registered per key, and
 * {@code LoadedEntryBackups}, for loads) take no values, so an event never hands the record to another thread.
 */
public final class StockRecord {

    private final long productId;
    private final OpMemory memory;
    private Stock stock;

    StockRecord(long productId, Stock stock, OpMemory memory) {
        this.productId = productId;
        this.stock = Objects.requireNonNull(stock, "stock");
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /**
     * A product's stock as loaded from the database, with an empty op memory of the given bounds: units received and
     * sold are the database's; nothing is held (holds live only in the grid).
     */
    public static StockRecord loaded(long productId, long received, long sold, int maxCount, long maxAgeMillis) {
        return new StockRecord(
                productId, new Stock(received, received - sold, 0, sold), new OpMemory(maxCount, maxAgeMillis));
    }

    public long productId() {
        return productId;
    }

    public Stock stock() {
        return stock;
    }

    public OpMemory memory() {
        return memory;
    }

    void replace(Stock next) {
        stock = Objects.requireNonNull(next, "next");
    }
}
