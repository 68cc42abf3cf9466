package dev.flashsale.engine.order;

import java.util.Objects;

/**
 * One buyer's order for units of one product, as the grid keeps it until — and after — the database has it.
 *
 * <p>{@code version} counts the order's changes; {@code persistedVersion} is the latest version the database
 * confirmed. The order is <em>pending</em> while {@code version > persistedVersion}: the grid then holds something the
 * database does not have yet, and keeps it (with a synchronous backup) until it does. Status only moves forward, and a
 * cancelled order says why.
 *
 * <p>Immutable and thread-safe.
 */
public record Order(
        long id,
        String buyerId,
        long productId,
        int quantity,
        OrderStatus status,
        String idempotencyKey,
        String cancelReason,
        long createdAtMillis,
        long updatedAtMillis,
        long version,
        long persistedVersion) {

    public Order {
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (id < 1 || productId < 1 || quantity < 1) {
            throw new IllegalArgumentException(
                    "order id, product id and quantity are positive: " + id + ", " + productId + ", " + quantity);
        }
        if ((status == OrderStatus.CANCELLED) != (cancelReason != null)) {
            throw new IllegalArgumentException("a cancelled order, and only a cancelled order, has a reason");
        }
        if (version < 1 || persistedVersion < 0 || persistedVersion > version) {
            throw new IllegalArgumentException(
                    "0 <= persistedVersion <= version, version >= 1: " + persistedVersion + ", " + version);
        }
    }

    /** A new order in {@code status}, not yet in the database. */
    public static Order placed(
            long id,
            String buyerId,
            long productId,
            int quantity,
            OrderStatus status,
            String idempotencyKey,
            long now) {
        return new Order(id, buyerId, productId, quantity, status, idempotencyKey, null, now, now, 1, 0);
    }

    /** Whether the database does not have this version yet. */
    public boolean pending() {
        return version > persistedVersion;
    }

    /** The order confirmed; the same order if it already is. */
    public Order confirm(long now) {
        return moveTo(OrderStatus.CONFIRMED, null, now);
    }

    /** The order cancelled for {@code reason}; the same order if it already is. */
    public Order cancel(String reason, long now) {
        return moveTo(OrderStatus.CANCELLED, Objects.requireNonNull(reason, "reason"), now);
    }

    /** The order with {@code persisted} recorded as in the database, if it is still the current version. */
    public Order persisted(long persisted) {
        if (persisted != version || persistedVersion == version) {
            return this;
        }
        return new Order(
                id,
                buyerId,
                productId,
                quantity,
                status,
                idempotencyKey,
                cancelReason,
                createdAtMillis,
                updatedAtMillis,
                version,
                persisted);
    }

    private Order moveTo(OrderStatus next, String reason, long now) {
        if (status == next) {
            return this;
        }
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("order " + id + " is " + status + " and cannot become " + next);
        }
        return new Order(
                id,
                buyerId,
                productId,
                quantity,
                next,
                idempotencyKey,
                reason,
                createdAtMillis,
                now,
                version + 1,
                persistedVersion);
    }
}
