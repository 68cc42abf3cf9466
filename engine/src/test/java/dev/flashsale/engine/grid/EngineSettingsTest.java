package dev.flashsale.engine.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    @Test
    void batchesSalesByDefaultAndInSettingsGivenWithoutBatching() {
        EngineSettings defaults = EngineSettings.DEFAULTS;
        EngineSettings givenWithoutBatching = new EngineSettings(
                1_000,
                Duration.ofMinutes(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(20),
                16,
                Duration.ofSeconds(1),
                1);

        assertThat(defaults.batchesSales()).isTrue();
        assertThat(defaults.maxSaleBatch()).isEqualTo(256);
        assertThat(defaults.maxWaitingSales()).isEqualTo(4_096);
        assertThat(givenWithoutBatching.maxSaleBatch()).isEqualTo(EngineSettings.DEFAULT_MAX_SALE_BATCH);
        assertThat(givenWithoutBatching.maxWaitingSales()).isEqualTo(EngineSettings.DEFAULT_MAX_WAITING_SALES);
    }

    @Test
    void sendsEverySaleOnItsOwnWithBatchesOfOne() {
        EngineSettings unbatched = EngineSettings.DEFAULTS.withSaleBatching(1, 0);

        assertThat(unbatched.batchesSales()).isFalse();
        assertThat(unbatched.withBackupCount(2).maxSaleBatch())
                .as("kept by the other withers")
                .isOne();
    }

    @Test
    void refusesBatchesOfNoSalesAndANegativeQueue() {
        assertThatThrownBy(() -> EngineSettings.DEFAULTS.withSaleBatching(0, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EngineSettings.DEFAULTS.withSaleBatching(8, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
