package dev.flashsale.engine.order;

import java.util.Objects;

/**
 * A change to one order in the grid; {@link #applyTo(Order, long)} carries it out.
 *
 * <p>All implementations are immutable records and thread-safe.
 */
public sealed interface OrderCommand {

    /**
     * The order after the command at {@code now}, given the current one ({@code null} if the grid has none); {@code
     * null} when there is still none.
     */
    Order applyTo(Order current, long now);

    /** Place {@code order} unless an order with its id exists; placing it again changes nothing. */
    record Place(Order order) implements OrderCommand {
        public Place {
            Objects.requireNonNull(order, "order");
        }

        @Override
        public Order applyTo(Order current, long now) {
            return current != null ? current : order;
        }
    }

    /** Confirm the order. */
    record Confirm() implements OrderCommand {
        @Override
        public Order applyTo(Order current, long now) {
            return current == null ? null : current.confirm(now);
        }
    }

    /** Cancel the order for {@code reason}. */
    record Cancel(String reason) implements OrderCommand {
        public Cancel {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Order applyTo(Order current, long now) {
            return current == null ? null : current.cancel(reason, now);
        }
    }

    /** Record that the database has version {@code version} of the order. */
    record MarkPersisted(long version) implements OrderCommand {
        @Override
        public Order applyTo(Order current, long now) {
            return current == null ? null : current.persisted(version);
        }
    }
}
