package dev.flashsale.persistence.grid;

import dev.flashsale.engine.Inventory;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.grid.GridOrders;
import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.order.OrderStatus;
import dev.flashsale.persistence.PersistenceException;
import dev.flashsale.persistence.order.FailedOrder;
import dev.flashsale.persistence.order.OrderDao;
import dev.flashsale.persistence.order.StoreReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes pending orders to the database and tells the grid what came of it — the one path shared by the write-behind
 * store and the sweeper:
 *
 * <ul>
 *   <li>stored: the grid records the version as persisted, and the order stops being pending;
 *   <li>refused as an oversell (the database's CHECK fired): the order is cancelled in the grid with the database's
 *       reason, its units go back on sale exactly once, and the event is counted — never a silent loss or oversell;
 *   <li>not storable at all: reported and counted; the order stays pending, so the pending metric shows it.
 * </ul>
 *
 * A database failure propagates after a backoff wait, so that the caller retries the whole batch. Thread-safe.
 */
final class OrderWriter {

    private static final Logger LOG = LoggerFactory.getLogger(OrderWriter.class);

    private final OrderDao dao;
    private final GridOrders orders;
    private final Inventory inventory;
    private final PersistenceMetrics metrics;
    private final WriteBackoff backoff;

    OrderWriter(
            OrderDao dao, GridOrders orders, Inventory inventory, PersistenceMetrics metrics, WriteBackoff backoff) {
        this.dao = Objects.requireNonNull(dao, "dao");
        this.orders = Objects.requireNonNull(orders, "orders");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** Writes the pending ones among {@code batch}; orders already persisted are skipped. */
    void write(Collection<Order> batch) {
        rewrite(batch.stream().filter(Order::pending).toList());
    }

    /**
     * Writes every order of {@code batch}, persisted or not: after the primary moved, an order the old primary stored
     * may be missing from the new one. Writing an order the database has already changes nothing.
     */
    void rewrite(Collection<Order> batch) {
        List<Order> pending = List.copyOf(batch);
        if (pending.isEmpty()) {
            return;
        }
        StoreReport report;
        try {
            report = dao.storeAll(pending.stream().map(OrderRows::toRow).toList());
        } catch (PersistenceException failure) {
            metrics.failure();
            int inRow = backoff.failedAndWait();
            LOG.warn(
                    "the database did not take {} orders ({} failures in a row); they stay pending and are retried: {}",
                    pending.size(),
                    inRow,
                    failure.getMessage());
            throw failure;
        }
        int recovered = backoff.succeeded();
        if (recovered > 0) {
            LOG.info("the database takes orders again after {} failed attempts", recovered);
        }
        settle(pending, report);
    }

    private void settle(List<Order> written, StoreReport report) {
        Set<Long> refused = new HashSet<>(report.refused());
        Set<Long> rejected = report.failed().stream().map(FailedOrder::orderId).collect(Collectors.toSet());
        Map<Long, Order> byId = written.stream().collect(Collectors.toMap(Order::id, Function.identity(), (a, b) -> b));
        for (Order order : byId.values()) {
            if (!refused.contains(order.id()) && !rejected.contains(order.id())) {
                orders.markPersistedAsync(order.id(), order.version());
            }
        }
        int givenBack = 0;
        for (Long id : refused) {
            givenBack += giveBack(byId.get(id)) ? 1 : 0;
        }
        if (givenBack > 0) {
            metrics.refused(givenBack);
        }
        if (!rejected.isEmpty()) {
            metrics.rejected(rejected.size());
            LOG.error(
                    "the database could not store {} orders; they stay pending until an operator acts: {}",
                    rejected.size(),
                    report.failed());
        }
    }

    /**
     * Puts a refused order's units back on sale, then cancels it in the grid with the database's reason; returns
     * whether this call did so. An order the grid has cancelled already is a replay of one refused before (a stale copy
     * from a write-behind queue, a retried batch): its units went back then, so nothing is returned again. The units go
     * back first so that a cancelled order has always had them returned; {@code OpId.returnOf} makes a repeated return
     * harmless only while the product remembers that op id ({@code opMemoryAge}), and a replay may come later.
     */
    private boolean giveBack(Order order) {
        Optional<Order> current = orders.get(order.id());
        if (current.isPresent() && current.get().status() == OrderStatus.CANCELLED) {
            LOG.info("the database refused order {} again; it was cancelled and given back before", order.id());
            return false;
        }
        List<String> steps = new ArrayList<>();
        if (order.status() == OrderStatus.CONFIRMED) {
            steps.add(inventory
                    .returnSold(order.productId(), order.quantity(), OpId.returnOf(order.id()))
                    .toString());
        }
        orders.cancel(order.id(), OrderDao.OVERSELL_REASON).ifPresent(cancelled -> steps.add("cancelled"));
        LOG.error(
                "the database refused order {} ({} units of product {}) as an oversell: {}",
                order.id(),
                order.quantity(),
                order.productId(),
                steps);
        return true;
    }
}
