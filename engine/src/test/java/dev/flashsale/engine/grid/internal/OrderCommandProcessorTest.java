package dev.flashsale.engine.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.order.OrderCommand;
import dev.flashsale.engine.order.OrderStatus;
import org.junit.jupiter.api.Test;

class OrderCommandProcessorTest {

    static final long ORDER = 700;

    static Order pending() {
        return Order.placed(ORDER, "alice", 42, 2, OrderStatus.PENDING, "key-700", 1_000);
    }

    @Test
    void placesAnOrderOnAnEmptyEntry() {
        TestEntry<Long, Order> entry = TestEntry.absent(ORDER);
        OrderCommandProcessor processor = new OrderCommandProcessor(new OrderCommand.Place(pending()));

        assertThat(processor.process(entry)).isEqualTo(pending());
        assertThat(entry.getValue()).isEqualTo(pending());
        assertThat(entry.writes()).isOne();
        assertThat(processor.getBackupProcessor()).isEqualTo(new ReplaceValueProcessor<>(pending()));
    }

    @Test
    void answersTheOrderAlreadyPlacedAndChangesNothing() {
        TestEntry<Long, Order> entry = TestEntry.of(ORDER, pending());
        Order other = Order.placed(ORDER, "bob", 43, 9, OrderStatus.CONFIRMED, "key-other", 2_000);
        OrderCommandProcessor processor = new OrderCommandProcessor(new OrderCommand.Place(other));

        assertThat(processor.process(entry)).isEqualTo(pending());
        assertThat(entry.writes()).isZero();
        assertThat(processor.getBackupProcessor()).isNull();
    }

    @Test
    void givesTheBackupTheResultingOrder() {
        TestEntry<Long, Order> primary = TestEntry.of(ORDER, pending());
        TestEntry<Long, Order> backup = TestEntry.of(ORDER, pending());
        OrderCommandProcessor processor = new OrderCommandProcessor(new OrderCommand.Confirm());

        Order confirmed = processor.process(primary);
        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.version()).isEqualTo(2);
        assertThat(processor.getBackupProcessor().process(backup)).isNull();
        assertThat(backup.getValue()).isEqualTo(primary.getValue()).isEqualTo(confirmed);
    }

    @Test
    void changesNothingWhenRepeated() {
        TestEntry<Long, Order> entry = TestEntry.of(ORDER, pending());
        new OrderCommandProcessor(new OrderCommand.Confirm()).process(entry);
        Order confirmed = entry.getValue();

        OrderCommandProcessor again = new OrderCommandProcessor(new OrderCommand.Confirm());
        assertThat(again.process(entry)).isEqualTo(confirmed);
        assertThat(entry.writes()).isOne();
        assertThat(again.getBackupProcessor()).isNull();
    }

    @Test
    void answersNothingForAnOrderThatIsNotThere() {
        TestEntry<Long, Order> entry = TestEntry.absent(ORDER);
        OrderCommandProcessor processor = new OrderCommandProcessor(new OrderCommand.MarkPersisted(1));
        assertThat(processor.process(entry)).isNull();
        assertThat(entry.getValue()).isNull();
        assertThat(entry.writes()).isZero();
        assertThat(processor.getBackupProcessor()).isNull();
    }

    @Test
    void refusesToMoveAnOrderBackward() {
        TestEntry<Long, Order> entry = TestEntry.of(ORDER, pending().cancel("refused", 2_000));
        assertThatThrownBy(() -> new OrderCommandProcessor(new OrderCommand.Confirm()).process(entry))
                .isInstanceOf(IllegalStateException.class);
        assertThat(entry.getValue().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(entry.writes()).isZero();
    }

    @Test
    void replaceValueProcessorSetsTheValueAsItIs() {
        TestEntry<Long, Order> entry = TestEntry.absent(ORDER);
        ReplaceValueProcessor<Long, Order, Order> processor = new ReplaceValueProcessor<>(pending());
        assertThat(processor.process(entry)).isNull();
        assertThat(entry.getValue()).isEqualTo(pending());
        assertThat(processor.getBackupProcessor()).isNull();
    }
}
