package dev.flashsale.api.payment;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Refunds an order: an approved or missing charge becomes {@code REFUNDED} (a missing one, so that a charge arriving
 * late cannot approve it); a declined or refunded one stays as it is. Deterministic, so the backup runs it too.
 */
record RefundProcessor(SimulatedCharge refunded) implements EntryProcessor<Long, SimulatedCharge, Boolean> {

    @Override
    public Boolean process(Map.Entry<Long, SimulatedCharge> entry) {
        SimulatedCharge charge = entry.getValue();
        if (charge == null || charge.status() == PaymentStatus.APPROVED) {
            entry.setValue(refunded);
            return true;
        }
        return false;
    }
}
