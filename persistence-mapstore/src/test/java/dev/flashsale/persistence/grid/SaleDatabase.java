package dev.flashsale.persistence.grid;

import dev.flashsale.persistence.TestDatabases;
import dev.flashsale.persistence.TestSchema;
import dev.flashsale.persistence.order.OrderDao;
import dev.flashsale.persistence.order.OrderRow;
import dev.flashsale.persistence.product.CreateProductOutcome;
import dev.flashsale.persistence.product.NewProduct;
import dev.flashsale.persistence.product.ProductDao;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A test's own view of its database, behind the grid's back: creates products with {@link ProductDao} (the grid then
 * loads them when first touched), reads orders and stock totals for audits, and reads the server's status. Opens a
 * connection per call, outside any member's pool. Thread-safe.
 */
final class SaleDatabase {

    /** What the database holds for one product. */
    record Totals(long productId, long received, long sold, long confirmedQuantity, long confirmedOrders) {}

    private static final AtomicLong SKUS = new AtomicLong();

    private final String schema;
    private final Jdbi jdbi;
    private final ProductDao products;
    private final OrderDao orders;

    private SaleDatabase(TestSchema schema) {
        this.schema = schema.name();
        this.jdbi = Jdbi.create(schema.settings().primaryUrl(), TestDatabases.USER, TestDatabases.PASSWORD);
        this.products = new ProductDao(jdbi);
        this.orders = new OrderDao(jdbi);
    }

    /** The view of {@code schema}, migrated to the current schema version first. */
    static SaleDatabase of(TestSchema schema) {
        schema.start().close();
        return new SaleDatabase(schema);
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /** A new product with {@code stock} units and no per-user limit; returns its id. */
    long createProduct(int stock) {
        CreateProductOutcome outcome = products.create(
                NewProduct.of("SALE-" + SKUS.incrementAndGet(), "Flash sale product", new BigDecimal("9.99"), stock));
        return ((CreateProductOutcome.Created) outcome).product().id();
    }

    /** A new product with {@code stock} units and a per-user limit; returns its id. */
    long createProduct(int stock, int perUserLimit) {
        CreateProductOutcome outcome = products.create(new NewProduct(
                "SALE-" + SKUS.incrementAndGet(),
                "Limited flash sale product",
                Optional.empty(),
                new BigDecimal("19.99"),
                stock,
                OptionalInt.of(perUserLimit)));
        return ((CreateProductOutcome.Created) outcome).product().id();
    }

    List<Long> createProducts(int count, int stockEach) {
        return IntStream.range(0, count).mapToObj(i -> createProduct(stockEach)).toList();
    }

    /** Ids of the orders of these products with {@code status}, ascending, as a list so that a duplicate would show. */
    List<Long> orderIds(String status, Collection<Long> productIds) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT id FROM orders WHERE status = :status AND product_id IN (<products>) ORDER BY id")
                .bind("status", status)
                .bindList("products", List.copyOf(productIds))
                .mapTo(Long.class)
                .list());
    }

    /** Every stored order of these products, by id. */
    Map<Long, OrderRow> orders(Collection<Long> productIds) {
        List<Long> ids =
                jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM orders WHERE product_id IN (<products>)")
                        .bindList("products", List.copyOf(productIds))
                        .mapTo(Long.class)
                        .list());
        return orders.loadAll(ids);
    }

    /** Cancel reasons of the cancelled orders, by order id. */
    Map<Long, String> cancelReasons() {
        Map<Long, String> reasons = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT id, cancel_reason FROM orders WHERE status = 'CANCELLED'")
                .map((row, context) -> Map.entry(row.getLong("id"), row.getString("cancel_reason")))
                .forEach(entry -> reasons.put(entry.getKey(), entry.getValue())));
        return reasons;
    }

    /** Every product's stock totals next to the quantity of its CONFIRMED orders, by product id. */
    Map<Long, Totals> totals() {
        Map<Long, Totals> totals = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT t.product_id, t.received, t.sold,"
                        + " COALESCE(SUM(o.quantity), 0) AS confirmed_quantity, COUNT(o.id) AS confirmed_orders"
                        + " FROM stock_totals t LEFT JOIN orders o"
                        + " ON o.product_id = t.product_id AND o.status = 'CONFIRMED'"
                        + " GROUP BY t.product_id, t.received, t.sold")
                .map((row, context) -> new Totals(
                        row.getLong("product_id"),
                        row.getLong("received"),
                        row.getLong("sold"),
                        row.getLong("confirmed_quantity"),
                        row.getLong("confirmed_orders")))
                .forEach(total -> totals.put(total.productId(), total)));
        return totals;
    }

    Totals totals(long productId) {
        return totals().get(productId);
    }

    /** Runs statements on the primary behind the adapters' back. */
    void execute(String... statements) {
        jdbi.useHandle(handle -> {
            for (String statement : statements) {
                handle.execute(statement);
            }
        });
    }

    /** A global status variable of the primary, e.g. {@code Max_used_connections}. */
    long globalStatus(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SHOW GLOBAL STATUS LIKE :name")
                .bind("name", name)
                .map((row, context) -> row.getLong(2))
                .one());
    }

    /**
     * Watches the connections open on the primary to this test's database, other than its own, every 20 ms on one
     * connection of its own (a connection per sample would be counted while the server closes it) until closed.
     */
    ConnectionWatch watchConnections() {
        return new ConnectionWatch(jdbi.open(), schema);
    }

    /** See {@link #watchConnections}. */
    static final class ConnectionWatch implements AutoCloseable {

        private final Handle handle;
        private final String schema;
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean watching = new AtomicBoolean(true);
        private final Thread thread;

        private ConnectionWatch(Handle handle, String schema) {
            this.handle = handle;
            this.schema = schema;
            this.thread = Thread.ofVirtual().start(this::watch);
        }

        long peak() {
            return peak.get();
        }

        private void watch() {
            while (watching.get()) {
                peak.accumulateAndGet(
                        handle.createQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                                        + " WHERE DB = :schema AND ID <> CONNECTION_ID()")
                                .bind("schema", schema)
                                .mapTo(Long.class)
                                .one(),
                        Math::max);
                PersistentMembers.sleep(20);
            }
        }

        @Override
        public void close() {
            watching.set(false);
            try {
                thread.join();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } finally {
                handle.close();
            }
        }
    }
}
