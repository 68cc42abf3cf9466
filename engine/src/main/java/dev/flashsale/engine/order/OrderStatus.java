package dev.flashsale.engine.order;

/**
 * Where an order stands. It only moves forward: PENDING, then CONFIRMED or CANCELLED; a CONFIRMED order can still be
 * CANCELLED (the database refused to record the sale, or the sale was reversed), never the other way round.
 */
public enum OrderStatus {
    PENDING,
    CONFIRMED,
    CANCELLED;

    /** Whether an order in this status may move to {@code next}. */
    public boolean canMoveTo(OrderStatus next) {
        return this == next || this == PENDING || (this == CONFIRMED && next == CANCELLED);
    }
}
