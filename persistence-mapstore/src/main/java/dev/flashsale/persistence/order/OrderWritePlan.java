package dev.flashsale.persistence.order;

import dev.flashsale.persistence.inventorylog.InventoryLogEntry;
import dev.flashsale.persistence.inventorylog.InventoryLogKind;
import dev.flashsale.persistence.inventorylog.OperationId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * What storing a batch of orders changes, worked out from the orders as stored (read under the lock of their
 * products' stock totals): the rows to write, the change of each product's sold quantity, the orders refused earlier
 * for overselling, and the orders that cannot be stored. Pure: no I/O. Immutable and thread-safe.
 *
 * <p>Rules: a new order is written as given; a stored order is written only when its status moves forward; a replay
 * or an older status changes nothing. Sold changes by the quantity of each order that starts or stops counting as
 * sold, so it stays the sum of the CONFIRMED orders. Every write records its stock movement ({@link #movementOf}).
 */
record OrderWritePlan(
        List<OrderRow> writes,
        Map<Long, Long> soldChanges,
        List<InventoryLogEntry> movements,
        List<Long> refusedEarlier,
        List<FailedOrder> failed) {

    OrderWritePlan {
        writes = List.copyOf(writes);
        movements = List.copyOf(movements);
        soldChanges = Map.copyOf(soldChanges);
        refusedEarlier = List.copyOf(refusedEarlier);
        failed = List.copyOf(failed);
    }

    /**
     * One row per order id, in first-seen order; of several rows for one order the one furthest along wins (the
     * later one among equals).
     */
    static List<OrderRow> deduplicate(Collection<OrderRow> orders) {
        Map<Long, OrderRow> byId = new LinkedHashMap<>();
        for (OrderRow order : orders) {
            byId.merge(
                    order.id(),
                    order,
                    (kept, next) ->
                            kept.status().canBecome(next.status()) || kept.status() == next.status() ? next : kept);
        }
        return List.copyOf(byId.values());
    }

    /**
     * @param incoming the batch, one row per order id
     * @param stored the stored orders of the batch's ids
     * @param productsWithTotals the products of the batch that have a stock totals row
     */
    static OrderWritePlan of(List<OrderRow> incoming, Map<Long, OrderRow> stored, Set<Long> productsWithTotals) {
        List<OrderRow> writes = new ArrayList<>();
        Map<Long, Long> soldChanges = new TreeMap<>();
        List<InventoryLogEntry> movements = new ArrayList<>();
        List<Long> refusedEarlier = new ArrayList<>();
        List<FailedOrder> failed = new ArrayList<>();
        for (OrderRow order : incoming) {
            Optional<OrderRow> existing = Optional.ofNullable(stored.get(order.id()));
            if (!productsWithTotals.contains(order.productId())) {
                failed.add(new FailedOrder(order.id(), "unknown product " + order.productId()));
            } else if (existing.isEmpty()) {
                writes.add(order);
                addSold(soldChanges, order.productId(), order.status().countsAsSold() ? order.quantity() : 0);
                movementOf(Optional.empty(), order).ifPresent(movements::add);
            } else if (!existing.get().isSameOrderAs(order)) {
                failed.add(new FailedOrder(order.id(), "contradicts the stored order: " + existing.get()));
            } else if (existing.get().status().canBecome(order.status())) {
                writes.add(order);
                long change = (order.status().countsAsSold() ? order.quantity() : 0)
                        - (existing.get().status().countsAsSold() ? order.quantity() : 0);
                addSold(soldChanges, order.productId(), change);
                movementOf(existing, order).ifPresent(movements::add);
            } else if (order.status() == OrderStatus.CONFIRMED && wasRefused(existing.get())) {
                refusedEarlier.add(order.id());
            }
        }
        return new OrderWritePlan(writes, soldChanges, movements, refusedEarlier, failed);
    }

    /**
     * The stock movement that writing {@code order} over {@code stored} records in the inventory log, if any: a hold
     * still open ({@code HOLD}), a sale ({@code SALE}), a hold given back ({@code HOLD_RELEASED}), a sale reversed or
     * refused ({@code CANCELLED}). Its operation id, {@code order-<id>-<kind>}, makes each movement of an order unique,
     * so a replayed write records nothing twice. A hold confirmed before its order was first written shows as its sale.
     */
    static Optional<InventoryLogEntry> movementOf(Optional<OrderRow> stored, OrderRow order) {
        Optional<OrderStatus> before = stored.map(OrderRow::status);
        InventoryLogKind kind = switch (order.status()) {
            case PENDING -> before.isEmpty() ? InventoryLogKind.HOLD : null;
            case CONFIRMED -> InventoryLogKind.SALE;
            case CANCELLED -> {
                boolean refused = order.cancelReason()
                        .filter(OrderDao.OVERSELL_REASON::equals)
                        .isPresent();
                boolean wasSold =
                        before.filter(status -> status == OrderStatus.CONFIRMED).isPresent();
                yield refused || wasSold ? InventoryLogKind.CANCELLED : InventoryLogKind.HOLD_RELEASED;
            }
        };
        if (kind == null) {
            return Optional.empty();
        }
        return Optional.of(new InventoryLogEntry(
                OperationId.of("order-" + order.id() + "-" + kind.name().toLowerCase(Locale.ROOT)),
                order.productId(),
                kind,
                order.quantity(),
                OptionalLong.of(order.id()),
                order.updatedAt()));
    }

    private static boolean wasRefused(OrderRow stored) {
        return stored.status() == OrderStatus.CANCELLED
                && stored.cancelReason()
                        .filter(OrderDao.OVERSELL_REASON::equals)
                        .isPresent();
    }

    private static void addSold(Map<Long, Long> soldChanges, long productId, long change) {
        if (change != 0) {
            soldChanges.merge(productId, change, Long::sum);
            soldChanges.remove(productId, 0L);
        }
    }
}
