package dev.flashsale.persistence.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderWritePlanTest {

    private static final Instant AT = Instant.parse("2025-11-21T10:00:00Z");
    private static final long PRODUCT = 7;

    private static OrderRow order(long id, OrderStatus status, int quantity) {
        return OrderRow.of(id, "user-" + id, PRODUCT, quantity, status, "key-" + id, AT);
    }

    private static OrderWritePlan plan(List<OrderRow> incoming, OrderRow... stored) {
        Map<Long, OrderRow> byId = new java.util.HashMap<>();
        for (OrderRow row : stored) {
            byId.put(row.id(), row);
        }
        return OrderWritePlan.of(incoming, byId, Set.of(PRODUCT));
    }

    @Test
    void countsANewConfirmedOrderAsSold() {
        OrderWritePlan plan = plan(List.of(order(1, OrderStatus.CONFIRMED, 3), order(2, OrderStatus.PENDING, 4)));

        assertThat(plan.writes()).hasSize(2);
        assertThat(plan.soldChanges()).containsExactly(Map.entry(PRODUCT, 3L));
    }

    @Test
    void changesNothingForAReplay() {
        OrderRow confirmed = order(1, OrderStatus.CONFIRMED, 3);

        OrderWritePlan plan = plan(List.of(confirmed), confirmed);

        assertThat(plan.writes()).isEmpty();
        assertThat(plan.soldChanges()).isEmpty();
    }

    @Test
    void countsAConfirmationOfAPendingOrderOnce() {
        OrderRow pending = order(1, OrderStatus.PENDING, 3);

        OrderWritePlan plan = plan(List.of(pending.confirmed(AT.plusSeconds(1))), pending);

        assertThat(plan.writes()).hasSize(1);
        assertThat(plan.soldChanges()).containsExactly(Map.entry(PRODUCT, 3L));
    }

    @Test
    void ignoresAStatusThatWouldMoveBack() {
        OrderRow confirmed = order(1, OrderStatus.CONFIRMED, 3);

        OrderWritePlan plan = plan(List.of(order(1, OrderStatus.PENDING, 3)), confirmed);

        assertThat(plan.writes()).isEmpty();
        assertThat(plan.soldChanges()).isEmpty();
    }

    @Test
    void givesBackTheQuantityOfACancelledConfirmedOrder() {
        OrderRow confirmed = order(1, OrderStatus.CONFIRMED, 3);

        OrderWritePlan plan = plan(List.of(confirmed.cancelled("buyer cancelled", AT)), confirmed);

        assertThat(plan.soldChanges()).containsExactly(Map.entry(PRODUCT, -3L));
    }

    @Test
    void failsOrdersForUnknownProductsAndOrdersThatContradictTheStoredOne() {
        OrderRow unknownProduct = OrderRow.of(1, "user-1", 99, 1, OrderStatus.CONFIRMED, "key-1", AT);
        OrderRow stored = order(2, OrderStatus.PENDING, 3);
        OrderRow otherQuantity = order(2, OrderStatus.CONFIRMED, 4);

        OrderWritePlan plan = plan(List.of(unknownProduct, otherQuantity), stored);

        assertThat(plan.writes()).isEmpty();
        assertThat(plan.failed()).extracting(FailedOrder::orderId).containsExactly(1L, 2L);
    }

    @Test
    void reportsAConfirmationOfAnOrderRefusedEarlier() {
        OrderRow refused = order(1, OrderStatus.CONFIRMED, 3).cancelled(OrderDao.OVERSELL_REASON, AT);

        OrderWritePlan plan = plan(List.of(order(1, OrderStatus.CONFIRMED, 3)), refused);

        assertThat(plan.writes()).isEmpty();
        assertThat(plan.refusedEarlier()).containsExactly(1L);
    }

    @Test
    void keepsTheRowFurthestAlongOfAnOrderGivenTwice() {
        OrderRow pending = order(1, OrderStatus.PENDING, 3);
        OrderRow confirmed = pending.confirmed(AT.plusSeconds(1));

        assertThat(OrderWritePlan.deduplicate(List.of(confirmed, pending))).containsExactly(confirmed);
        assertThat(OrderWritePlan.deduplicate(List.of(pending, confirmed))).containsExactly(confirmed);
    }
}
