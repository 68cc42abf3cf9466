package dev.flashsale.persistence.grid;

import dev.flashsale.engine.order.Order;
import dev.flashsale.persistence.order.OrderRow;
import dev.flashsale.persistence.order.OrderStatus;
import java.time.Instant;
import java.util.Optional;

/** Converts the grid's {@link Order} to the table's {@link OrderRow}. Stateless. */
final class OrderRows {

    private OrderRows() {}

    static OrderRow toRow(Order order) {
        return new OrderRow(
                order.id(),
                order.buyerId(),
                order.productId(),
                order.quantity(),
                OrderStatus.valueOf(order.status().name()),
                order.idempotencyKey(),
                Optional.ofNullable(order.cancelReason()),
                Instant.ofEpochMilli(order.createdAtMillis()),
                Instant.ofEpochMilli(order.updatedAtMillis()));
    }
}
