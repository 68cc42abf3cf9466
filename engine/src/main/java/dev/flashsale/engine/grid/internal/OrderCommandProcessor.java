package dev.flashsale.engine.grid.internal;

import com.hazelcast.map.EntryProcessor;
import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.order.OrderCommand;
import java.util.Map;
import java.util.Objects;

/**
 * Applies one {@link OrderCommand} to an order in the grid and answers the order as it stands afterwards ({@code null}
 * if there is none). Every command is idempotent, so a re-execution changes nothing. The backup receives the resulting
 * order.
 */
public final class OrderCommandProcessor implements EntryProcessor<Long, Order, Order> {

    private final OrderCommand command;
    private ReplaceValueProcessor<Long, Order, Order> backup;

    public OrderCommandProcessor(OrderCommand command) {
        this.command = Objects.requireNonNull(command, "command");
    }

    OrderCommand command() {
        return command;
    }

    @Override
    public Order process(Map.Entry<Long, Order> entry) {
        Order current = entry.getValue();
        Order next = command.applyTo(current, System.currentTimeMillis());
        if (next != null && !next.equals(current)) {
            entry.setValue(next);
            backup = new ReplaceValueProcessor<>(next);
        }
        return next;
    }

    @Override
    public EntryProcessor<Long, Order, Order> getBackupProcessor() {
        return backup;
    }
}
