package dev.flashsale.engine.grid;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * A watch on one product's stock, opened by {@link GridInventory#watch}: after every change of the product's stock
 * entry, on whichever member it happens, this member is told the product id. It is told that something changed, not
 * what: the listener is registered for the one key and without values, so no event carries (or serializes) the stock
 * entry with its op memory, and nothing but the partition thread ever reads that entry. Read the figures afterwards
 * ({@link GridInventory#availability}); several changes may arrive as several calls, or coalesce if the reader is
 * slower.
 *
 * <p>Cost: while any watch is open, each stock change on any product compares its key with every open watch's key on
 * the owning member before it publishes an event; keep watches to products somebody is looking at.
 *
 * <p>Thread-safe. {@link #close()} removes the listener from the cluster (a blocking call) and is idempotent.
 */
public final class StockWatch implements AutoCloseable {

    private final IMap<Long, ?> stock;
    private final long productId;
    private final UUID registration;
    private final AtomicBoolean closed = new AtomicBoolean();

    StockWatch(IMap<Long, ?> stock, long productId, LongConsumer changed) {
        this.stock = stock;
        this.productId = productId;
        this.registration =
                stock.addEntryListener(new Changes(Objects.requireNonNull(changed, "changed")), productId, false);
    }

    public long productId() {
        return productId;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stock.removeEntryListener(registration);
        }
    }

    /** Runs on a Hazelcast event thread: hands the product id on and returns. */
    private record Changes(LongConsumer changed)
            implements EntryAddedListener<Long, Object>, EntryUpdatedListener<Long, Object> {

        @Override
        public void entryAdded(EntryEvent<Long, Object> event) {
            changed.accept(event.getKey());
        }

        @Override
        public void entryUpdated(EntryEvent<Long, Object> event) {
            changed.accept(event.getKey());
        }
    }
}
