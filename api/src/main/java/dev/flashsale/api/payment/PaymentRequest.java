package dev.flashsale.api.payment;

import java.util.Objects;

/** A charge to make: the order (the provider's idempotency key), its buyer and what they buy. Immutable. */
public record PaymentRequest(long orderId, String buyerId, long productId, int quantity) {

    public PaymentRequest {
        Objects.requireNonNull(buyerId, "buyerId");
        if (orderId < 1 || productId < 1 || quantity < 1) {
            throw new IllegalArgumentException("a charge is for an order, a product and at least one unit");
        }
    }
}
