package dev.flashsale.persistence.grid;

import dev.flashsale.engine.order.Order;
import dev.flashsale.persistence.grid.PersistentMembers.Member;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Stale copies of orders, as a write-behind queue may still hold them after the database took them. */
final class StaleOrders {

    private StaleOrders() {}

    /** The order's current version as it was before the database confirmed it: the same order, pending. */
    static Order pendingCopyOf(Order order) {
        return new Order(
                order.id(),
                order.buyerId(),
                order.productId(),
                order.quantity(),
                order.status(),
                order.idempotencyKey(),
                order.cancelReason(),
                order.createdAtMillis(),
                order.updatedAtMillis(),
                order.version(),
                0);
    }

    /** Pending copies of these orders as the grid holds them now, by id, read through {@code member}. */
    static Map<Long, Order> pendingCopies(Member member, Collection<Long> orderIds) {
        Map<Long, Order> copies = new HashMap<>();
        for (long id : orderIds) {
            copies.put(id, pendingCopyOf(member.orders().get(id).orElseThrow()));
        }
        return copies;
    }
}
