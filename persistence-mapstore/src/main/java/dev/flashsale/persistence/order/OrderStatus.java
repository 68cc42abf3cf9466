package dev.flashsale.persistence.order;

/**
 * Where an order stands. Status only moves forward: a PENDING order becomes CONFIRMED or CANCELLED, a CONFIRMED order
 * may still be CANCELLED, and a CANCELLED order is final. Only a CONFIRMED order counts as sold.
 */
public enum OrderStatus {
    PENDING,
    CONFIRMED,
    CANCELLED;

    /** True when an order in this status may move to {@code next}; false for staying put or moving back. */
    public boolean canBecome(OrderStatus next) {
        return next.ordinal() > ordinal();
    }

    /** True when an order in this status counts in its product's sold quantity. */
    public boolean countsAsSold() {
        return this == CONFIRMED;
    }
}
