package dev.flashsale.persistence.product;

import dev.flashsale.persistence.internal.KeysetStream;
import dev.flashsale.persistence.internal.SqlErrors;
import dev.flashsale.persistence.internal.Timestamps;
import dev.flashsale.persistence.internal.Transactions;
import dev.flashsale.persistence.inventorylog.InventoryLogKind;
import dev.flashsale.persistence.inventorylog.OperationId;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Products and their stock totals. Writes ({@link #create}, {@link #restock}) need the primary; the reads work on
 * the primary or a replica.
 *
 * <p>Every product has a stock totals row, created with it. Received stock is logged: the initial stock under
 * operation {@code initial-stock-<id>}, each restock under the caller's operation id, so {@code received} is the sum
 * of the product's INITIAL_STOCK and RESTOCK log entries, and a restock applies once however often it is sent.
 *
 * <p>Thread-safe.
 */
public final class ProductDao {

    /** The largest page any read returns. */
    public static final int MAX_PAGE_SIZE = 10_000;

    private static final String PRODUCT_COLUMNS =
            "id, sku, name, description, price, per_user_limit, created_at, updated_at";
    private static final String TOTALS_COLUMNS = "product_id, received, sold, updated_at";
    private static final int IDS_PER_QUERY = 1_000;

    private final Jdbi jdbi;
    private final Clock clock;

    public ProductDao(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    /** @param clock stamps the rows written */
    public ProductDao(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates the product with its stock totals (received = initial stock, sold = 0) and, for initial stock above 0,
     * its INITIAL_STOCK log entry, in one transaction.
     *
     * @return {@link CreateProductOutcome.Created}, or {@link CreateProductOutcome.DuplicateSku} when the SKU is taken
     */
    public CreateProductOutcome create(NewProduct product) {
        Objects.requireNonNull(product, "product");
        Instant now = Timestamps.stored(clock.instant());
        return Transactions.inTransaction(jdbi, "create product " + product.sku(), handle -> {
            long id;
            try {
                id = handle.createUpdate(
                                "INSERT INTO products (sku, name, description, price, per_user_limit,"
                                        + " created_at, updated_at) VALUES (:sku, :name, :description, :price, :limit, :now, :now)")
                        .bind("sku", product.sku())
                        .bind("name", product.name())
                        .bind("description", product.description().orElse(null))
                        .bind("price", product.price())
                        .bindByType(
                                "limit",
                                product.perUserLimit().isPresent()
                                        ? product.perUserLimit().getAsInt()
                                        : null,
                                Integer.class)
                        .bind("now", Timestamps.toColumn(now))
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one();
            } catch (JdbiException failure) {
                if (SqlErrors.isDuplicateKey(failure)) {
                    return new CreateProductOutcome.DuplicateSku(product.sku());
                }
                throw failure;
            }
            handle.createUpdate("INSERT INTO stock_totals (product_id, received, sold, updated_at)"
                            + " VALUES (:id, :received, 0, :now)")
                    .bind("id", id)
                    .bind("received", (long) product.initialStock())
                    .bind("now", Timestamps.toColumn(now))
                    .execute();
            if (product.initialStock() > 0) {
                insertLogEntry(
                        handle,
                        OperationId.of("initial-stock-" + id),
                        id,
                        InventoryLogKind.INITIAL_STOCK,
                        product.initialStock(),
                        now);
            }
            ProductRow created = new ProductRow(
                    id,
                    product.sku(),
                    product.name(),
                    product.description(),
                    product.price(),
                    product.perUserLimit(),
                    now,
                    now);
            return new CreateProductOutcome.Created(created, new StockTotals(id, product.initialStock(), 0, now));
        });
    }

    /**
     * Receives {@code quantity} more of the product, once per operation id: the RESTOCK log entry and the new
     * {@code received} are written in one transaction, and an operation id already in the log changes nothing.
     *
     * @param quantity at least 1
     */
    public RestockOutcome restock(long productId, int quantity, OperationId operation) {
        if (quantity < 1) {
            throw new IllegalArgumentException("a restock adds at least 1: " + quantity);
        }
        Objects.requireNonNull(operation, "operation");
        Instant now = Timestamps.stored(clock.instant());
        return Transactions.inTransaction(jdbi, "restock product " + productId, handle -> {
            Optional<StockTotals> locked = handle.createQuery(
                            "SELECT " + TOTALS_COLUMNS + " FROM stock_totals WHERE product_id = :id FOR UPDATE")
                    .bind("id", productId)
                    .map((row, context) -> mapTotals(row))
                    .findOne();
            if (locked.isEmpty()) {
                return new RestockOutcome.UnknownProduct(productId);
            }
            try {
                insertLogEntry(handle, operation, productId, InventoryLogKind.RESTOCK, quantity, now);
            } catch (JdbiException failure) {
                if (SqlErrors.isDuplicateKey(failure)) {
                    return new RestockOutcome.AlreadyRestocked(locked.get());
                }
                throw failure;
            }
            handle.createUpdate("UPDATE stock_totals SET received = received + :quantity, updated_at = :now"
                            + " WHERE product_id = :id")
                    .bind("quantity", (long) quantity)
                    .bind("now", Timestamps.toColumn(now))
                    .bind("id", productId)
                    .execute();
            StockTotals before = locked.get();
            return new RestockOutcome.Restocked(
                    new StockTotals(productId, before.received() + quantity, before.sold(), now));
        });
    }

    /**
     * Raises the product's {@code received} to {@code atLeast} if it is lower, with a RESTOCK log entry of the
     * difference under {@code operation}, in one transaction; a product already at or above it is left alone. For the
     * restocks an old primary committed and never shipped to the replica that replaced it: the grid was told their
     * totals, so the grid's {@code received} is what the database must have. Returns the totals as they are now, or
     * empty for a product without totals.
     */
    public Optional<StockTotals> raiseReceived(long productId, long atLeast, OperationId operation) {
        Objects.requireNonNull(operation, "operation");
        Instant now = Timestamps.stored(clock.instant());
        return Transactions.inTransaction(jdbi, "raise the stock received of product " + productId, handle -> {
            Optional<StockTotals> locked = handle.createQuery(
                            "SELECT " + TOTALS_COLUMNS + " FROM stock_totals WHERE product_id = :id FOR UPDATE")
                    .bind("id", productId)
                    .map((row, context) -> mapTotals(row))
                    .findOne();
            if (locked.isEmpty() || locked.get().received() >= atLeast) {
                return locked;
            }
            long missing = atLeast - locked.get().received();
            insertLogEntry(handle, operation, productId, InventoryLogKind.RESTOCK, Math.toIntExact(missing), now);
            handle.createUpdate(
                            "UPDATE stock_totals SET received = :received, updated_at = :now WHERE product_id = :id")
                    .bind("received", atLeast)
                    .bind("now", Timestamps.toColumn(now))
                    .bind("id", productId)
                    .execute();
            return Optional.of(new StockTotals(productId, atLeast, locked.get().sold(), now));
        });
    }

    public Optional<ProductRow> findById(long id) {
        return Transactions.withHandle(
                jdbi,
                "find product " + id,
                handle -> handle.createQuery("SELECT " + PRODUCT_COLUMNS + " FROM products WHERE id = :id")
                        .bind("id", id)
                        .map((row, context) -> mapProduct(row))
                        .findOne());
    }

    /** The product with this SKU, compared case-insensitively. */
    public Optional<ProductRow> findBySku(String sku) {
        return Transactions.withHandle(
                jdbi,
                "find product " + sku,
                handle -> handle.createQuery("SELECT " + PRODUCT_COLUMNS + " FROM products WHERE sku = :sku")
                        .bind("sku", sku)
                        .map((row, context) -> mapProduct(row))
                        .findOne());
    }

    /**
     * Products whose SKU starts with {@code text} or whose name contains it (case-insensitively), by id, at most
     * {@code limit}. The SKU prefix uses its index; the name match reads the table until it has {@code limit}.
     */
    public List<ProductRow> search(String text, int limit) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("search text must not be blank");
        }
        requirePageSize(limit);
        String escaped = text.strip().replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return Transactions.withHandle(
                jdbi,
                "search products",
                handle -> handle.createQuery(
                                "SELECT " + PRODUCT_COLUMNS + " FROM products"
                                        + " WHERE sku LIKE :prefix ESCAPE '!' OR name LIKE :contains ESCAPE '!' ORDER BY id LIMIT :limit")
                        .bind("prefix", escaped + "%")
                        .bind("contains", "%" + escaped + "%")
                        .bind("limit", limit)
                        .map((row, context) -> mapProduct(row))
                        .list());
    }

    /**
     * Page {@code page} (from 0) of the catalogue, {@code size} products by ascending id. Deep pages cost more (the
     * database skips the rows before them); to read the whole catalogue use {@link #streamStockTotals} or
     * {@link #productsAfter}.
     */
    public ProductPage catalogue(int page, int size) {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more: " + page);
        }
        requirePageSize(size);
        List<ProductRow> rows = Transactions.withHandle(
                jdbi,
                "read the catalogue",
                handle -> handle.createQuery(
                                "SELECT " + PRODUCT_COLUMNS + " FROM products ORDER BY id LIMIT :limit OFFSET :offset")
                        .bind("limit", size + 1)
                        .bind("offset", (long) page * size)
                        .map((row, context) -> mapProduct(row))
                        .list());
        boolean hasNext = rows.size() > size;
        return new ProductPage(hasNext ? rows.subList(0, size) : rows, page, size, hasNext);
    }

    /** At most {@code limit} products with an id greater than {@code afterId}, by id: a keyset page. */
    public List<ProductRow> productsAfter(long afterId, int limit) {
        requirePageSize(limit);
        return Transactions.withHandle(
                jdbi,
                "read products",
                handle -> handle.createQuery("SELECT " + PRODUCT_COLUMNS
                                + " FROM products WHERE id > :after ORDER BY id LIMIT :limit")
                        .bind("after", afterId)
                        .bind("limit", limit)
                        .map((row, context) -> mapProduct(row))
                        .list());
    }

    public Optional<StockTotals> stockTotals(long productId) {
        return Optional.ofNullable(stockTotals(List.of(productId)).get(productId));
    }

    /** The stock totals of these products, by product id; unknown products are left out. */
    public Map<Long, StockTotals> stockTotals(Collection<Long> productIds) {
        List<Long> ids = productIds.stream().distinct().toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return Transactions.withHandle(jdbi, "read stock totals", handle -> {
            Map<Long, StockTotals> totals = new HashMap<>();
            for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
                handle.createQuery("SELECT " + TOTALS_COLUMNS + " FROM stock_totals WHERE product_id IN (<ids>)")
                        .bindList("ids", ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY)))
                        .map((row, context) -> mapTotals(row))
                        .forEach(total -> totals.put(total.productId(), total));
            }
            return totals;
        });
    }

    /** One keyset page: at most {@code limit} stock totals with a product id greater than {@code afterProductId}. */
    public StockTotalsPage stockTotalsAfter(long afterProductId, int limit) {
        requirePageSize(limit);
        List<StockTotals> page = selectTotalsAfter(afterProductId, limit);
        return new StockTotalsPage(
                page,
                page.size() < limit
                        ? OptionalLong.empty()
                        : OptionalLong.of(page.getLast().productId()));
    }

    /**
     * Every product's stock totals by ascending product id, read lazily in keyset pages of {@code pageSize}: each
     * page is one short query, so a catalogue of any size streams in constant memory. Not a snapshot.
     */
    public Stream<StockTotals> streamStockTotals(int pageSize) {
        requirePageSize(pageSize);
        return KeysetStream.of(pageSize, after -> selectTotalsAfter(after, pageSize), StockTotals::productId);
    }

    /** Every product id, ascending, read lazily in keyset pages of {@code pageSize}. */
    public Stream<Long> streamProductIds(int pageSize) {
        requirePageSize(pageSize);
        return KeysetStream.of(
                pageSize,
                after -> Transactions.withHandle(
                        jdbi,
                        "read product ids",
                        handle -> handle.createQuery("SELECT product_id FROM stock_totals WHERE product_id > :after"
                                        + " ORDER BY product_id LIMIT :limit")
                                .bind("after", after)
                                .bind("limit", pageSize)
                                .mapTo(Long.class)
                                .list()),
                Long::longValue);
    }

    private List<StockTotals> selectTotalsAfter(long afterProductId, int limit) {
        return Transactions.withHandle(
                jdbi,
                "read stock totals",
                handle -> handle.createQuery("SELECT " + TOTALS_COLUMNS + " FROM stock_totals WHERE product_id > :after"
                                + " ORDER BY product_id LIMIT :limit")
                        .bind("after", afterProductId)
                        .bind("limit", limit)
                        .map((row, context) -> mapTotals(row))
                        .list());
    }

    private static void insertLogEntry(
            Handle handle, OperationId operation, long productId, InventoryLogKind kind, int quantity, Instant at) {
        handle.createUpdate("INSERT INTO inventory_log (op_id, product_id, kind, quantity, order_id, created_at)"
                        + " VALUES (:op, :product, :kind, :quantity, NULL, :at)")
                .bind("op", operation.value())
                .bind("product", productId)
                .bind("kind", kind.name())
                .bind("quantity", quantity)
                .bind("at", Timestamps.toColumn(at))
                .execute();
    }

    private static void requirePageSize(int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1 to " + MAX_PAGE_SIZE + ": " + size);
        }
    }

    static ProductRow mapProduct(ResultSet row) throws SQLException {
        int limit = row.getInt("per_user_limit");
        OptionalInt perUserLimit = row.wasNull() ? OptionalInt.empty() : OptionalInt.of(limit);
        BigDecimal price = row.getBigDecimal("price");
        return new ProductRow(
                row.getLong("id"),
                row.getString("sku"),
                row.getString("name"),
                Optional.ofNullable(row.getString("description")),
                price,
                perUserLimit,
                Timestamps.fromColumn(row, "created_at"),
                Timestamps.fromColumn(row, "updated_at"));
    }

    static StockTotals mapTotals(ResultSet row) throws SQLException {
        return new StockTotals(
                row.getLong("product_id"),
                row.getLong("received"),
                row.getLong("sold"),
                Timestamps.fromColumn(row, "updated_at"));
    }
}
