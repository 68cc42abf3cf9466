package dev.flashsale.api.payment;

/** What the provider knows of an order's charge. */
public enum PaymentStatus {
    /** Never charged. */
    NONE,
    /** Charged. */
    APPROVED,
    /** Refused. */
    DECLINED,
    /** Charged, then given back. */
    REFUNDED
}
