package dev.flashsale.persistence.order;

import dev.flashsale.persistence.internal.Timestamps;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An order as the {@code orders} table holds it. The id is the application's, not the database's.
 *
 * <p>Invariants: positive ids and quantity; a user id of 1 to 128 characters and an idempotency key of 1 to 255; a
 * cancel reason (at most 255 characters) only on a CANCELLED order; timestamps at the microsecond precision the
 * table keeps. Immutable and thread-safe.
 */
public record OrderRow(
        long id,
        String userId,
        long productId,
        int quantity,
        OrderStatus status,
        String idempotencyKey,
        Optional<String> cancelReason,
        Instant createdAt,
        Instant updatedAt) {

    public OrderRow {
        if (id < 1) {
            throw new IllegalArgumentException("an order id is positive: " + id);
        }
        requireText("userId", userId, 128);
        if (productId < 1) {
            throw new IllegalArgumentException("a product id is positive: " + productId);
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("an order's quantity is at least 1: " + quantity);
        }
        Objects.requireNonNull(status, "status");
        requireText("idempotencyKey", idempotencyKey, 255);
        Objects.requireNonNull(cancelReason, "cancelReason");
        cancelReason.ifPresent(reason -> requireText("cancelReason", reason, 255));
        if (cancelReason.isPresent() && status != OrderStatus.CANCELLED) {
            throw new IllegalArgumentException("only a cancelled order has a cancel reason: order " + id);
        }
        createdAt = Timestamps.stored(Objects.requireNonNull(createdAt, "createdAt"));
        updatedAt = Timestamps.stored(Objects.requireNonNull(updatedAt, "updatedAt"));
    }

    /** A new order, created and last changed at {@code at}. */
    public static OrderRow of(
            long id,
            String userId,
            long productId,
            int quantity,
            OrderStatus status,
            String idempotencyKey,
            Instant at) {
        return new OrderRow(id, userId, productId, quantity, status, idempotencyKey, Optional.empty(), at, at);
    }

    /** This order confirmed at {@code at}. */
    public OrderRow confirmed(Instant at) {
        return new OrderRow(
                id,
                userId,
                productId,
                quantity,
                OrderStatus.CONFIRMED,
                idempotencyKey,
                Optional.empty(),
                createdAt,
                at);
    }

    /** This order cancelled at {@code at}, for {@code reason}. */
    public OrderRow cancelled(String reason, Instant at) {
        return new OrderRow(
                id,
                userId,
                productId,
                quantity,
                OrderStatus.CANCELLED,
                idempotencyKey,
                Optional.of(reason),
                createdAt,
                at);
    }

    /** True when {@code other} is the same order: same id, buyer, product, quantity and idempotency key. */
    boolean isSameOrderAs(OrderRow other) {
        return id == other.id
                && productId == other.productId
                && quantity == other.quantity
                && userId.equals(other.userId)
                && idempotencyKey.equals(other.idempotencyKey);
    }

    private static void requireText(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw new IllegalArgumentException(name + " is longer than " + maxLength + " characters");
        }
    }
}
