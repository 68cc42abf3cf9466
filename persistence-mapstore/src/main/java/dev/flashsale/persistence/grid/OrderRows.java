package dev.flashsale.persistence.grid;

import dev.flashsale.engine.order.Order;
import dev.flashsale.persistence.order.OrderRow;
import dev.flashsale.persistence.order.OrderStatus;
import java.time.Instant;
import java.util.Optional;

/** Converts between the grid's {@link Order} and the table's {@link OrderRow}. Stateless. */
public final class OrderRows {

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

    /** The order as the grid keeps it, recorded as persisted: the database has this version. */
    public static Order fromRow(OrderRow row) {
        return new Order(
                row.id(),
                row.userId(),
                row.productId(),
                row.quantity(),
                dev.flashsale.engine.order.OrderStatus.valueOf(row.status().name()),
                row.idempotencyKey(),
                row.cancelReason().orElse(null),
                row.createdAt().toEpochMilli(),
                row.updatedAt().toEpochMilli(),
                1,
                1);
    }
}
