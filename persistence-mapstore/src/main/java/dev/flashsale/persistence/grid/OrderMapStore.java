package dev.flashsale.persistence.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapLoaderLifecycleSupport;
import com.hazelcast.map.MapStore;
import dev.flashsale.engine.order.Order;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The write-behind store of the orders map: batches of orders go to the database through {@link OrderWriter}, in one
 * multi-row upsert with their effect on the stock totals. Every write is idempotent (status only moves forward, and a
 * replayed order changes nothing), so Hazelcast may replay its queue after a failure.
 *
 * <p>Orders are never deleted from the database by the grid: removing or evicting an order from the map only frees
 * memory, so {@link #delete} and {@link #deleteAll} change nothing.
 *
 * <p>Nor are orders read back from the database into the grid ({@link #load} finds none). Every order placed is a key
 * new to the map, and Hazelcast asks the loader about every new key an entry processor touches: reading the database
 * there put one database read on every purchase, and failed every purchase while the database was down. The grid holds
 * every order placed since the cluster started; older orders are read from the {@code orders} table (OrderDao).
 *
 * <p>Thread-safe. The writer is supplied lazily because it needs the member the store belongs to.
 */
public final class OrderMapStore implements MapStore<Long, Order>, MapLoaderLifecycleSupport {

    private final Supplier<OrderWriter> writer;
    private final Consumer<HazelcastInstance> onInit;

    OrderMapStore(Supplier<OrderWriter> writer, Consumer<HazelcastInstance> onInit) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.onInit = Objects.requireNonNull(onInit, "onInit");
    }

    /**
     * Hazelcast hands the store its member when it creates the map, on a partition thread that holds the map's
     * creation lock: the member is only remembered here, and the writer built on first use.
     */
    @Override
    public void init(HazelcastInstance member, Properties properties, String mapName) {
        onInit.accept(member);
    }

    @Override
    public void destroy() {
        // Nothing to release: the database pools belong to the member's Database.
    }

    @Override
    public void store(Long id, Order order) {
        writer.get().write(List.of(order));
    }

    @Override
    public void storeAll(Map<Long, Order> orders) {
        writer.get().write(orders.values());
    }

    /** Orders stay in the database when the grid drops them; see the class comment. */
    @Override
    public void delete(Long id) {
        // Intentionally nothing: the orders table is the durable record.
    }

    /** Orders stay in the database when the grid drops them; see the class comment. */
    @Override
    public void deleteAll(Collection<Long> ids) {
        // Intentionally nothing: the orders table is the durable record.
    }

    /** Finds no order: the grid does not read orders back from the database; see the class comment. */
    @Override
    public Order load(Long id) {
        return null;
    }

    /** Finds no orders: the grid does not read orders back from the database; see the class comment. */
    @Override
    public Map<Long, Order> loadAll(Collection<Long> ids) {
        return Map.of();
    }

    /** No keys: nothing is loaded at start either. */
    @Override
    public Iterable<Long> loadAllKeys() {
        return List.of();
    }
}
