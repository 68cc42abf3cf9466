package dev.flashsale.persistence.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapLoaderLifecycleSupport;
import com.hazelcast.map.MapStore;
import dev.flashsale.engine.order.Order;
import dev.flashsale.persistence.PersistenceException;
import dev.flashsale.persistence.order.OrderDao;
import dev.flashsale.persistence.order.OrderStatus;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-behind store of the orders map: batches of orders go to the database through {@link OrderWriter}, in one
 * multi-row upsert with their effect on the stock totals. Every write is idempotent (status only moves forward, and a
 * replayed order changes nothing), so Hazelcast may replay its queue after a failure.
 *
 * <p>Orders are never deleted from the database by the grid: removing or evicting an order from the map only frees
 * memory, so {@link #delete} and {@link #deleteAll} change nothing.
 *
 * <p>Nor are orders read back from the database one by one ({@link #load} finds none). Every order placed is a key
 * new to the map, and Hazelcast asks the loader about every new key an entry processor touches: reading the database
 * there put one database read on every purchase, and failed every purchase while the database was down. The grid holds
 * every order placed since the cluster started; older orders are read from the {@code orders} table (OrderDao).
 *
 * <p>The one exception: when the cluster starts, the orders the database still has as {@code PENDING} are loaded
 * ({@link #loadAllKeys}, {@link #loadAll}), recorded as persisted. A stop of the whole cluster leaves them so: the
 * purchases that placed them were cut off, and their holds, claims and payments lived only in the grid. In the grid, the
 * open-order sweeper of the API settles them like any other abandoned order. The load runs when the map is first used
 * in the cluster, and again at every member's start ({@code PersistenceGrid} settles the initial loading), where it
 * replaces no entry the grid has: every order the running grid placed is in the map, so only the orders an earlier
 * cluster left are loaded. If the database cannot list them, nothing is loaded (the map must work without the
 * database) and the next member's start tries again.
 *
 * <p>Thread-safe. The writer is supplied lazily because it needs the member the store belongs to.
 */
public final class OrderMapStore implements MapStore<Long, Order>, MapLoaderLifecycleSupport {

    private static final Logger log = LoggerFactory.getLogger(OrderMapStore.class);

    private final Supplier<OrderWriter> writer;
    private final OrderDao orders;
    private final Consumer<HazelcastInstance> onInit;

    OrderMapStore(Supplier<OrderWriter> writer, OrderDao orders, Consumer<HazelcastInstance> onInit) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.orders = Objects.requireNonNull(orders, "orders");
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

    /** Those of these orders that the database has as {@code PENDING}, for the initial load; see the class comment. */
    @Override
    public Map<Long, Order> loadAll(Collection<Long> ids) {
        Map<Long, Order> pending = new HashMap<>();
        orders.loadAll(ids).values().stream()
                .filter(row -> row.status() == OrderStatus.PENDING)
                .forEach(row -> pending.put(row.id(), OrderRows.fromRow(row)));
        return pending;
    }

    /** The orders the database has as {@code PENDING}: loaded when the cluster starts; see the class comment. */
    @Override
    public Iterable<Long> loadAllKeys() {
        try {
            return orders.pendingOrderIds();
        } catch (PersistenceException failure) {
            log.warn(
                    "could not list the orders an earlier cluster left pending; the next start tries again: {}",
                    failure.getMessage());
            return List.of();
        }
    }
}
