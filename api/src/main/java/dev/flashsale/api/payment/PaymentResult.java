package dev.flashsale.api.payment;

import java.util.Objects;

/** The provider's answer to a charge. Immutable and thread-safe. */
public sealed interface PaymentResult {

    /** The buyer is charged. */
    record Approved(long orderId) implements PaymentResult {}

    /** The buyer is not charged, for {@code reason}. */
    record Declined(long orderId, String reason) implements PaymentResult {
        public Declined {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
