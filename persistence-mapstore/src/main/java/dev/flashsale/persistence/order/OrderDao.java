package dev.flashsale.persistence.order;

import dev.flashsale.persistence.PersistenceException;
import dev.flashsale.persistence.internal.MultiRowInsert;
import dev.flashsale.persistence.internal.SqlErrors;
import dev.flashsale.persistence.internal.Timestamps;
import dev.flashsale.persistence.internal.Transactions;
import dev.flashsale.persistence.inventorylog.InventoryLogEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores orders, and their effect on the stock totals, on the primary.
 *
 * <p>{@link #storeAll} writes a batch in one transaction: it locks the stock totals of the batch's products (in
 * product order, so concurrent batches do not deadlock), reads the stored orders, writes the new ones and the status
 * changes with multi-row {@code INSERT ... ON DUPLICATE KEY UPDATE}, and moves each product's {@code sold} by the
 * quantity of the orders that became (or stopped being) CONFIRMED. So {@code stock_totals.sold} always equals the sum
 * of the CONFIRMED orders, and storing the same orders again changes nothing. Status only moves forward (see
 * {@link OrderStatus}).
 *
 * <p>When the database refuses the batch, the orders are stored one by one, so that one bad order never blocks the
 * others: an order that would oversell (the {@code stock_totals_no_oversell} constraint) is recorded as CANCELLED with
 * {@link #OVERSELL_REASON} and reported as refused; an order the database refuses otherwise is reported as failed.
 * Failures of the connection or the server are thrown as {@link PersistenceException}, and nothing of the batch is
 * stored then.
 *
 * <p>Thread-safe.
 */
public final class OrderDao {

    /** The cancel reason of an order the database refused because it would sell more than was received. */
    public static final String OVERSELL_REASON = "refused by database: would oversell";

    private static final Logger log = LoggerFactory.getLogger(OrderDao.class);
    private static final String NO_OVERSELL = "stock_totals_no_oversell";
    private static final int IDS_PER_QUERY = 1_000;
    private static final String COLUMNS =
            "id, user_id, product_id, quantity, status, idempotency_key, cancel_reason, created_at, updated_at";
    private static final String ADVANCES = "FIELD(VALUES(status), 'PENDING', 'CONFIRMED', 'CANCELLED')"
            + " > FIELD(status, 'PENDING', 'CONFIRMED', 'CANCELLED')";
    // MariaDB has no row alias for the new values (MySQL 8.0.19+): VALUES(column) works on both. Assignments run
    // left to right, so status, which the condition reads, is assigned last. "id = VALUES(id)" keeps an insert that
    // collides on (user_id, idempotency_key) from changing that other order.
    private static final String UPSERT_TAIL = "ON DUPLICATE KEY UPDATE"
            + " cancel_reason = IF(id = VALUES(id) AND " + ADVANCES + ", VALUES(cancel_reason), cancel_reason),"
            + " updated_at = IF(id = VALUES(id) AND " + ADVANCES + ", VALUES(updated_at), updated_at),"
            + " status = IF(id = VALUES(id) AND " + ADVANCES + ", VALUES(status), status)";

    private final Jdbi jdbi;
    private final Clock clock;

    public OrderDao(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    /** @param clock stamps {@code stock_totals.updated_at} */
    public OrderDao(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores the orders and their effect on the stock totals; see the class comment. Several rows for one order id
     * count as the one furthest along.
     *
     * @return the orders refused for overselling and those that could not be stored; every other order is stored
     * @throws PersistenceException when the database cannot be reached or fails; nothing of the batch is stored then
     */
    public StoreReport storeAll(Collection<OrderRow> orders) {
        List<OrderRow> rows = OrderWritePlan.deduplicate(orders);
        if (rows.isEmpty()) {
            return StoreReport.clean();
        }
        StoreReport report;
        if (rows.size() == 1) {
            report = storeOne(rows.getFirst());
        } else {
            try {
                report = Transactions.inTransaction(
                        jdbi, "store " + rows.size() + " orders", handle -> apply(handle, rows));
            } catch (PersistenceException | UnappliedOrders failure) {
                if (failure instanceof PersistenceException && !SqlErrors.isRowProblem(failure)) {
                    throw failure;
                }
                log.info(
                        "the database refused a batch of {} orders ({}); storing them one by one",
                        rows.size(),
                        SqlErrors.describe(failure));
                report = StoreReport.clean();
                for (OrderRow row : rows) {
                    report = report.and(storeOne(row));
                }
            }
        }
        if (!report.isClean()) {
            log.warn(
                    "orders not stored as sold: refused for overselling {}, failed {}",
                    report.refused(),
                    report.failed());
        }
        return report;
    }

    /** Stores one order; see {@link #storeAll}. */
    public StoreReport store(OrderRow order) {
        return storeAll(List.of(order));
    }

    /** The stored order with this id. */
    public Optional<OrderRow> load(long id) {
        return Optional.ofNullable(loadAll(List.of(id)).get(id));
    }

    /** The stored orders among these ids, by id; ids without an order are left out. */
    public Map<Long, OrderRow> loadAll(Collection<Long> ids) {
        List<Long> distinct = List.copyOf(new TreeSet<>(ids));
        if (distinct.isEmpty()) {
            return Map.of();
        }
        return Transactions.withHandle(
                jdbi, "load " + distinct.size() + " orders", handle -> selectOrders(handle, distinct));
    }

    /**
     * The ids of every order still {@code PENDING} in the database, in ascending order. Read per product through the
     * index on {@code (product_id, status)}, so it costs a lookup per product, not a scan of the orders.
     */
    public List<Long> pendingOrderIds() {
        return Transactions.withHandle(
                jdbi,
                "list the pending orders",
                handle -> handle.createQuery("SELECT o.id FROM products p JOIN orders o"
                                + " ON o.product_id = p.id AND o.status = 'PENDING' ORDER BY o.id")
                        .mapTo(Long.class)
                        .list());
    }

    private StoreReport storeOne(OrderRow order) {
        try {
            return Transactions.inTransaction(
                    jdbi, "store order " + order.id(), handle -> apply(handle, List.of(order)));
        } catch (UnappliedOrders unapplied) {
            return StoreReport.failed(order.id(), whyUnapplied(order));
        } catch (PersistenceException failure) {
            if (SqlErrors.violatesCheck(failure, NO_OVERSELL)) {
                OrderRow refusal = order.cancelled(OVERSELL_REASON, order.updatedAt());
                StoreReport recorded = Transactions.inTransaction(
                        jdbi, "record the refusal of order " + order.id(), handle -> apply(handle, List.of(refusal)));
                return StoreReport.refused(order.id()).and(recorded);
            }
            if (SqlErrors.isRowProblem(failure)) {
                return StoreReport.failed(order.id(), SqlErrors.describe(failure));
            }
            throw failure;
        }
    }

    private StoreReport apply(Handle handle, List<OrderRow> rows) {
        Set<Long> productsWithTotals = lockStockTotals(handle, rows);
        List<Long> ids = rows.stream().map(OrderRow::id).toList();
        OrderWritePlan plan = OrderWritePlan.of(rows, selectOrders(handle, ids), productsWithTotals);
        if (!plan.writes().isEmpty()) {
            upsert(handle, plan.writes());
            requireWritten(handle, plan.writes());
        }
        if (!plan.soldChanges().isEmpty()) {
            changeSold(handle, plan.soldChanges());
        }
        if (!plan.movements().isEmpty()) {
            recordMovements(handle, plan.movements());
        }
        return new StoreReport(plan.refusedEarlier(), plan.failed());
    }

    /** Locks the stock totals of the orders' products, in product order; returns the products that have them. */
    private static Set<Long> lockStockTotals(Handle handle, List<OrderRow> rows) {
        List<Long> productIds =
                List.copyOf(new TreeSet<>(rows.stream().map(OrderRow::productId).toList()));
        Set<Long> locked = new HashSet<>();
        for (List<Long> chunk : chunks(productIds)) {
            locked.addAll(handle.createQuery(
                            "SELECT product_id FROM stock_totals WHERE product_id IN (<ids>) ORDER BY product_id FOR UPDATE")
                    .bindList("ids", chunk)
                    .mapTo(Long.class)
                    .list());
        }
        return locked;
    }

    private static Map<Long, OrderRow> selectOrders(Handle handle, List<Long> ids) {
        Map<Long, OrderRow> orders = new HashMap<>();
        for (List<Long> chunk : chunks(ids)) {
            handle.createQuery("SELECT " + COLUMNS + " FROM orders WHERE id IN (<ids>)")
                    .bindList("ids", chunk)
                    .map((row, context) -> mapOrder(row))
                    .forEach(order -> orders.put(order.id(), order));
        }
        return orders;
    }

    private static void upsert(Handle handle, List<OrderRow> rows) {
        MultiRowInsert.execute(
                handle,
                "INSERT INTO orders (" + COLUMNS + ")",
                9,
                UPSERT_TAIL,
                rows,
                (order, values) -> values.add(order.id())
                        .add(order.userId())
                        .add(order.productId())
                        .add(order.quantity())
                        .add(order.status().name())
                        .add(order.idempotencyKey())
                        .add(order.cancelReason())
                        .add(order.createdAt())
                        .add(order.updatedAt()));
    }

    /** Appends the movements to the inventory log; one already recorded (the same operation id) is left as it is. */
    private static void recordMovements(Handle handle, List<InventoryLogEntry> movements) {
        MultiRowInsert.execute(
                handle,
                "INSERT INTO inventory_log (op_id, product_id, kind, quantity, order_id, created_at)",
                6,
                "ON DUPLICATE KEY UPDATE op_id = op_id",
                movements,
                (movement, values) -> values.add(movement.operation().value())
                        .add(movement.productId())
                        .add(movement.kind().name())
                        .add(movement.quantity())
                        .add(movement.orderId().getAsLong())
                        .add(movement.createdAt()));
    }

    /** Throws {@link UnappliedOrders} unless every written order now has the status it was written with. */
    private static void requireWritten(Handle handle, List<OrderRow> writes) {
        Map<Long, OrderRow> stored =
                selectOrders(handle, writes.stream().map(OrderRow::id).toList());
        List<Long> unapplied = new ArrayList<>();
        for (OrderRow written : writes) {
            OrderRow now = stored.get(written.id());
            if (now == null || now.status() != written.status()) {
                unapplied.add(written.id());
            }
        }
        if (!unapplied.isEmpty()) {
            throw new UnappliedOrders(unapplied);
        }
    }

    private void changeSold(Handle handle, Map<Long, Long> soldChanges) {
        StringBuilder sql = new StringBuilder("UPDATE stock_totals SET sold = sold + CASE product_id");
        soldChanges.forEach((product, change) -> sql.append(" WHEN ? THEN ?"));
        sql.append(" END, updated_at = ? WHERE product_id IN (")
                .append("?, ".repeat(soldChanges.size() - 1))
                .append("?)");
        Update update = handle.createUpdate(sql.toString());
        int position = 0;
        for (Map.Entry<Long, Long> change : soldChanges.entrySet()) {
            update.bind(position++, change.getKey().longValue());
            update.bind(position++, change.getValue().longValue());
        }
        update.bind(position++, Timestamps.toColumn(clock.instant()));
        for (Long product : soldChanges.keySet()) {
            update.bind(position++, product.longValue());
        }
        update.execute();
    }

    private String whyUnapplied(OrderRow order) {
        Optional<Long> holder = Transactions.withHandle(
                jdbi,
                "find the holder of an idempotency key",
                handle -> handle.createQuery("SELECT id FROM orders WHERE user_id = :user AND idempotency_key = :key")
                        .bind("user", order.userId())
                        .bind("key", order.idempotencyKey())
                        .mapTo(Long.class)
                        .findOne());
        return holder.filter(id -> id != order.id())
                .map(id -> "user " + order.userId() + " already used idempotency key " + order.idempotencyKey()
                        + " for order " + id)
                .orElse("the database did not store the order as written");
    }

    static OrderRow mapOrder(ResultSet row) throws SQLException {
        return new OrderRow(
                row.getLong("id"),
                row.getString("user_id"),
                row.getLong("product_id"),
                row.getInt("quantity"),
                OrderStatus.valueOf(row.getString("status")),
                row.getString("idempotency_key"),
                Optional.ofNullable(row.getString("cancel_reason")),
                Timestamps.fromColumn(row, "created_at"),
                Timestamps.fromColumn(row, "updated_at"));
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            chunks.add(ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY)));
        }
        return chunks;
    }
}
