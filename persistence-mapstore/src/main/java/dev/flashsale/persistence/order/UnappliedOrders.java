package dev.flashsale.persistence.order;

import java.util.List;

/**
 * Signals, inside a transaction, that some written orders did not end up as written (an idempotency key already
 * taken by another order turns an insert into nothing): the transaction is rolled back and the orders are stored one
 * by one to find out which. Not thrown out of {@link OrderDao}.
 */
final class UnappliedOrders extends RuntimeException {

    private final List<Long> orderIds;

    UnappliedOrders(List<Long> orderIds) {
        super("orders not stored as written: " + orderIds, null, false, false);
        this.orderIds = List.copyOf(orderIds);
    }

    List<Long> orderIds() {
        return orderIds;
    }
}
