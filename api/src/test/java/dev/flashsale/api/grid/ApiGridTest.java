package dev.flashsale.api.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import dev.flashsale.api.idempotency.RequestMemory;
import dev.flashsale.api.payment.SimulatedPaymentGateway;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiGridTest {

    private final Config config = ApiGrid.configure(new Config(), 1);

    @Test
    void remembersIdempotencyKeysForMoreThan24HoursWithASynchronousBackup() {
        MapConfig requests = config.getMapConfig(RequestMemory.MAP);

        assertThat(Duration.ofSeconds(requests.getTimeToLiveSeconds())).isGreaterThan(Duration.ofHours(24));
        assertThat(requests.getBackupCount()).isEqualTo(1);
        assertThat(requests.getAsyncBackupCount()).isZero();
        assertThat(requests.getInMemoryFormat()).isEqualTo(InMemoryFormat.BINARY);
    }

    @Test
    void keepsTheSimulatedChargesLikeTheKeys() {
        MapConfig payments = config.getMapConfig(SimulatedPaymentGateway.MAP);

        assertThat(payments.getTimeToLiveSeconds())
                .isEqualTo(config.getMapConfig(RequestMemory.MAP).getTimeToLiveSeconds());
        assertThat(payments.getBackupCount()).isEqualTo(1);
    }
}
