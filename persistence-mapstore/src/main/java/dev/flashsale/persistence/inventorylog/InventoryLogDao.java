package dev.flashsale.persistence.inventorylog;

import dev.flashsale.persistence.PersistenceException;
import dev.flashsale.persistence.internal.MultiRowInsert;
import dev.flashsale.persistence.internal.SqlErrors;
import dev.flashsale.persistence.internal.Timestamps;
import dev.flashsale.persistence.internal.Transactions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends to the inventory log on the primary, idempotently: an operation id is recorded once, and writing it again
 * (a retry, a replayed batch) changes nothing, even with other content. Entries are never updated or deleted.
 *
 * <p>Thread-safe.
 */
public final class InventoryLogDao {

    private static final Logger log = LoggerFactory.getLogger(InventoryLogDao.class);
    private static final String COLUMNS = "op_id, product_id, kind, quantity, order_id, created_at";
    private static final String INSERT = "INSERT INTO inventory_log (" + COLUMNS + ")";
    /** A repeated operation id leaves the recorded entry as it is. */
    private static final String IGNORE_REPEATS = "ON DUPLICATE KEY UPDATE op_id = op_id";

    private final Jdbi jdbi;

    public InventoryLogDao(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    /**
     * Records the entries whose operation ids are not recorded yet, with multi-row inserts in one transaction. When
     * the database refuses the batch, the entries are appended one by one so that one bad entry never blocks the rest.
     *
     * @return the entries the database refused; every other entry is recorded
     * @throws PersistenceException when the database cannot be reached or fails
     */
    public List<RejectedEntry> appendAll(Collection<InventoryLogEntry> entries) {
        List<InventoryLogEntry> batch = List.copyOf(entries);
        if (batch.isEmpty()) {
            return List.of();
        }
        try {
            Transactions.inTransaction(jdbi, "append " + batch.size() + " inventory log entries", handle -> {
                insert(handle, batch);
                return batch.size();
            });
            return List.of();
        } catch (PersistenceException failure) {
            if (!SqlErrors.isRowProblem(failure)) {
                throw failure;
            }
            List<RejectedEntry> rejected = new ArrayList<>();
            for (InventoryLogEntry entry : batch) {
                try {
                    Transactions.inTransaction(jdbi, "append inventory log entry " + entry.operation(), handle -> {
                        insert(handle, List.of(entry));
                        return 1;
                    });
                } catch (PersistenceException entryFailure) {
                    if (!SqlErrors.isRowProblem(entryFailure)) {
                        throw entryFailure;
                    }
                    rejected.add(new RejectedEntry(entry.operation(), SqlErrors.describe(entryFailure)));
                }
            }
            log.warn("inventory log entries refused by the database: {}", rejected);
            return rejected;
        }
    }

    /** The recorded entry of this operation. */
    public Optional<InventoryLogEntry> find(OperationId operation) {
        return Optional.ofNullable(loadAll(List.of(operation)).get(operation));
    }

    /** The recorded entries among these operations; operations not recorded are left out. */
    public Map<OperationId, InventoryLogEntry> loadAll(Collection<OperationId> operations) {
        List<String> ids =
                operations.stream().map(OperationId::value).distinct().toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return Transactions.withHandle(jdbi, "load inventory log entries", handle -> {
            Map<OperationId, InventoryLogEntry> found = new LinkedHashMap<>();
            for (int from = 0; from < ids.size(); from += 1_000) {
                handle.createQuery("SELECT " + COLUMNS + " FROM inventory_log WHERE op_id IN (<ids>)")
                        .bindList("ids", ids.subList(from, Math.min(ids.size(), from + 1_000)))
                        .map((row, context) -> mapEntry(row))
                        .forEach(entry -> found.put(entry.operation(), entry));
            }
            return found;
        });
    }

    /** The product's first {@code limit} entries, in the order they were recorded. */
    public List<InventoryLogEntry> forProduct(long productId, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1 to 10000: " + limit);
        }
        return Transactions.withHandle(
                jdbi,
                "read the inventory log of product " + productId,
                handle -> handle.createQuery("SELECT " + COLUMNS
                                + " FROM inventory_log WHERE product_id = :product ORDER BY id LIMIT :limit")
                        .bind("product", productId)
                        .bind("limit", limit)
                        .map((row, context) -> mapEntry(row))
                        .list());
    }

    private static void insert(Handle handle, List<InventoryLogEntry> entries) {
        MultiRowInsert.execute(
                handle,
                INSERT,
                6,
                IGNORE_REPEATS,
                entries,
                (entry, values) -> values.add(entry.operation().value())
                        .add(entry.productId())
                        .add(entry.kind().name())
                        .add(entry.quantity())
                        .add(entry.orderId())
                        .add(entry.createdAt()));
    }

    private static InventoryLogEntry mapEntry(ResultSet row) throws SQLException {
        long orderId = row.getLong("order_id");
        OptionalLong order = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(orderId);
        return new InventoryLogEntry(
                OperationId.of(row.getString("op_id")),
                row.getLong("product_id"),
                InventoryLogKind.valueOf(row.getString("kind")),
                row.getInt("quantity"),
                order,
                Timestamps.fromColumn(row, "created_at"));
    }
}
