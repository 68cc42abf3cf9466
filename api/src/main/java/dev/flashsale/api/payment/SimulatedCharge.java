package dev.flashsale.api.payment;

import java.util.Objects;

/** The simulated provider's record of one order's charge. Immutable. */
record SimulatedCharge(long orderId, PaymentStatus status, String reason) {

    SimulatedCharge {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
