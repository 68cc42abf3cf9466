package dev.flashsale.engine.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import dev.flashsale.engine.grid.internal.OrderCommandProcessor;
import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.order.OrderCommand;
import dev.flashsale.engine.order.OrderStatus;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Orders in the grid: the map {@link InventoryMaps#ORDERS}, kept with a synchronous backup and written behind to the
 * database. An order stays <em>pending</em> ({@link Order#pending()}) until the database confirms its latest version;
 * until then the grid is its only durable home, which is why it is never evicted while pending and why every member
 * can list the pending orders it owns and write them again.
 *
 * <p>Thread-safe. Every change is an idempotent entry processor, retried through member failures like stock changes.
 */
public final class GridOrders {

    private final IMap<Long, Order> orders;
    private final GridCalls calls;

    public GridOrders(HazelcastInstance hazelcast, EngineSettings settings) {
        Objects.requireNonNull(hazelcast, "hazelcast");
        this.calls = GridCalls.forMap(hazelcast, InventoryMaps.ORDERS, settings.callDeadline());
        this.orders = calls.map(hazelcast, InventoryMaps.ORDERS);
    }

    /** Places the order, or answers the order already placed with its id. */
    public Order place(Order order) {
        return Objects.requireNonNull(apply(order.id(), new OrderCommand.Place(order)), "placed order");
    }

    public Optional<Order> confirm(long orderId) {
        return Optional.ofNullable(apply(orderId, new OrderCommand.Confirm()));
    }

    public Optional<Order> cancel(long orderId, String reason) {
        return Optional.ofNullable(apply(orderId, new OrderCommand.Cancel(reason)));
    }

    /** Records that the database has {@code version} of the order; a newer version stays pending. */
    public Optional<Order> markPersisted(long orderId, long version) {
        return Optional.ofNullable(apply(orderId, new OrderCommand.MarkPersisted(version)));
    }

    /** {@link #markPersisted} without waiting for the answer; a lost mark only means the order is written again. */
    public CompletionStage<Order> markPersistedAsync(long orderId, long version) {
        return orders.submitToKey(orderId, new OrderCommandProcessor(new OrderCommand.MarkPersisted(version)));
    }

    public Optional<Order> get(long orderId) {
        return Optional.ofNullable(calls.call(() -> orders.get(orderId)));
    }

    /** Ids of the pending orders whose partitions this member owns. */
    public Set<Long> pendingOwnedHere() {
        return orders.localKeySet(Predicates.equal("pending", true));
    }

    /**
     * Ids of the orders changed at or after {@code sinceMillis} (persisted or not) whose partitions this member owns:
     * what a member writes again after the primary moved to a replica that may not have received them.
     */
    public Set<Long> changedOwnedHere(long sinceMillis) {
        return orders.localKeySet(Predicates.greaterEqual("updatedAtMillis", sinceMillis));
    }

    /**
     * Ids of the orders still {@code PENDING} (an open hold: a reservation, or a purchase between its hold and its
     * payment) that were created before {@code createdBeforeMillis}, whose partitions this member owns.
     */
    public Set<Long> openOwnedHere(long createdBeforeMillis) {
        return orders.localKeySet(Predicates.and(
                Predicates.equal("status", OrderStatus.PENDING.name()),
                Predicates.lessThan("createdAtMillis", createdBeforeMillis)));
    }

    private Order apply(long orderId, OrderCommand command) {
        return calls.call(() -> orders.executeOnKey(orderId, new OrderCommandProcessor(command)));
    }
}
