package dev.flashsale.api.payment;

import com.hazelcast.nio.serialization.compact.CompactSerializer;
import dev.flashsale.api.grid.RecordSerializer;
import java.util.List;

/** Compact serializers of the simulated provider's records and processors. Stateless. */
public final class PaymentSerializers {

    private PaymentSerializers() {}

    public static List<CompactSerializer<?>> all() {
        return List.of(
                RecordSerializer.of(
                        SimulatedCharge.class,
                        "SimulatedCharge",
                        (out, charge) -> {
                            out.writeInt64("orderId", charge.orderId());
                            out.writeString("status", charge.status().name());
                            out.writeString("reason", charge.reason());
                        },
                        in -> new SimulatedCharge(
                                in.readInt64("orderId"),
                                PaymentStatus.valueOf(in.readString("status")),
                                in.readString("reason"))),
                RecordSerializer.of(
                        RefundProcessor.class,
                        "RefundCharge",
                        (out, processor) -> out.writeCompact("refunded", processor.refunded()),
                        in -> new RefundProcessor(in.readCompact("refunded"))));
    }
}
