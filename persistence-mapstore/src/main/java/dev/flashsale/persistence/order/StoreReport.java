package dev.flashsale.persistence.order;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What became of a batch of orders given to {@link OrderDao#storeAll}. Every order not listed here is stored.
 *
 * <ul>
 *   <li>{@code refused}: orders that arrived CONFIRMED but would have sold more than was received. The database
 *       refused them and recorded them as CANCELLED with {@link OrderDao#OVERSELL_REASON}; they are not sold. Storing
 *       the same order again reports it again.
 *   <li>{@code failed}: orders the database could not store at all.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public record StoreReport(List<Long> refused, List<FailedOrder> failed) {

    private static final StoreReport CLEAN = new StoreReport(List.of(), List.of());

    public StoreReport {
        refused = List.copyOf(Objects.requireNonNull(refused, "refused"));
        failed = List.copyOf(Objects.requireNonNull(failed, "failed"));
    }

    public static StoreReport clean() {
        return CLEAN;
    }

    static StoreReport refused(long orderId) {
        return new StoreReport(List.of(orderId), List.of());
    }

    static StoreReport failed(long orderId, String reason) {
        return new StoreReport(List.of(), List.of(new FailedOrder(orderId, reason)));
    }

    /** True when every order of the batch is stored as given. */
    public boolean isClean() {
        return refused.isEmpty() && failed.isEmpty();
    }

    /** This report and {@code other} together. */
    public StoreReport and(StoreReport other) {
        if (other.isClean()) {
            return this;
        }
        if (isClean()) {
            return other;
        }
        List<Long> allRefused = new ArrayList<>(refused);
        allRefused.addAll(other.refused);
        List<FailedOrder> allFailed = new ArrayList<>(failed);
        allFailed.addAll(other.failed);
        return new StoreReport(allRefused, allFailed);
    }
}
