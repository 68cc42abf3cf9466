/**
 * Orders in the database: {@link dev.flashsale.persistence.order.OrderDao} stores them in idempotent batches together
 * with their effect on the stock totals, so that a product's {@code stock_totals.sold} always equals the quantity of
 * its CONFIRMED orders.
 */
package dev.flashsale.persistence.order;
