package dev.flashsale.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.nio.serialization.compact.CompactSerializer;
import dev.flashsale.api.support.CompactRoundTrip;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IdempotencySerializersTest {

    private static final StoredAnswer ANSWER = new StoredAnswer(201, "{\"orderId\":7}", "/api/orders/7");
    private static final List<Object> SAMPLES = List.of(
            RememberedRequest.started("fingerprint", "token", "member", 7, 1_700_000_000_000L),
            RememberedRequest.started("fingerprint", "token", "", 7, 1).answeredWith(ANSWER),
            ANSWER,
            new AnswerRequestProcessor("token", ANSWER),
            new AbandonRequestProcessor("token"));

    private final CompactRoundTrip roundTrip = CompactRoundTrip.of(IdempotencySerializers.all());

    @Test
    void everyTypeReadsBackEqual() {
        for (Object sample : SAMPLES) {
            assertThat(roundTrip.copy(sample)).isEqualTo(sample);
        }
    }

    @Test
    void hasASampleForEveryRegisteredType() {
        Set<Class<?>> registered = IdempotencySerializers.all().stream()
                .map(CompactSerializer::getCompactClass)
                .collect(Collectors.toSet());

        assertThat(SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet()))
                .isEqualTo(registered);
    }
}
