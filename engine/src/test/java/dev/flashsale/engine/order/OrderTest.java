package dev.flashsale.engine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrderTest {

    private static final long NOW = 1_000;

    static Order pendingOrder() {
        return Order.placed(7, "ann", 3, 2, OrderStatus.PENDING, "key-1", NOW);
    }

    @Test
    void isPendingUntilTheDatabaseHasItsLatestVersion() {
        Order placed = pendingOrder();
        assertThat(placed.pending()).isTrue();
        Order persisted = placed.persisted(1);
        assertThat(persisted.pending()).isFalse();
        Order confirmed = persisted.confirm(NOW + 1);
        assertThat(confirmed.version()).isEqualTo(2);
        assertThat(confirmed.pending()).isTrue();
        assertThat(confirmed.persisted(1)).as("an older version persisted").isSameAs(confirmed);
        assertThat(confirmed.persisted(2).pending()).isFalse();
    }

    @Test
    void movesOnlyForward() {
        Order confirmed = pendingOrder().confirm(NOW);
        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.confirm(NOW + 5)).as("confirming again").isSameAs(confirmed);
        Order cancelled = confirmed.cancel("refused by database", NOW + 2);
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.cancelReason()).isEqualTo("refused by database");
        assertThatThrownBy(() -> cancelled.confirm(NOW + 3)).isInstanceOf(IllegalStateException.class);
        assertThat(cancelled.cancel("again", NOW + 4)).isSameAs(cancelled);
    }

    @Test
    void rejectsImpossibleOrders() {
        assertThatThrownBy(() -> Order.placed(0, "ann", 3, 1, OrderStatus.PENDING, "k", NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Order.placed(1, "ann", 3, 0, OrderStatus.PENDING, "k", NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Order(1, "ann", 3, 1, OrderStatus.CANCELLED, "k", null, NOW, NOW, 1, 0))
                .as("a cancelled order says why")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Order(1, "ann", 3, 1, OrderStatus.PENDING, "k", "why", NOW, NOW, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Order(1, "ann", 3, 1, OrderStatus.PENDING, "k", null, NOW, NOW, 1, 2))
                .as("persisted beyond the current version")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandsApplyIdempotently() {
        Order placed = pendingOrder();
        assertThat(new OrderCommand.Place(placed).applyTo(null, NOW)).isSameAs(placed);
        Order other = Order.placed(7, "bob", 3, 1, OrderStatus.PENDING, "key-2", NOW);
        assertThat(new OrderCommand.Place(other).applyTo(placed, NOW))
                .as("first placement wins")
                .isSameAs(placed);
        assertThat(new OrderCommand.Confirm().applyTo(null, NOW)).isNull();
        Order confirmed = new OrderCommand.Confirm().applyTo(placed, NOW);
        assertThat(new OrderCommand.Confirm().applyTo(confirmed, NOW)).isSameAs(confirmed);
        assertThat(new OrderCommand.MarkPersisted(2).applyTo(confirmed, NOW).pending())
                .isFalse();
    }
}
