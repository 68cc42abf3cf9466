package dev.flashsale.api.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.nio.serialization.compact.CompactSerializer;
import dev.flashsale.api.support.CompactRoundTrip;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PaymentSerializersTest {

    private static final SimulatedCharge REFUNDED = new SimulatedCharge(7, PaymentStatus.REFUNDED, "");
    private static final List<Object> SAMPLES = List.of(
            new SimulatedCharge(7, PaymentStatus.DECLINED, "card declined (simulated)"), new RefundProcessor(REFUNDED));

    private final CompactRoundTrip roundTrip = CompactRoundTrip.of(PaymentSerializers.all());

    @Test
    void everyTypeReadsBackEqual() {
        for (Object sample : SAMPLES) {
            assertThat(roundTrip.copy(sample)).isEqualTo(sample);
        }
    }

    @Test
    void hasASampleForEveryRegisteredType() {
        Set<Class<?>> registered = PaymentSerializers.all().stream()
                .map(CompactSerializer::getCompactClass)
                .collect(Collectors.toSet());

        assertThat(SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet()))
                .isEqualTo(registered);
    }
}
