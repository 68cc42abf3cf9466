package dev.flashsale.engine.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.engine.stock.Stock;
import org.junit.jupiter.api.Test;

class StockRecordTest {

    @Test
    void loadsTheDatabasesTotalsWithNothingHeldAndAnEmptyMemory() {
        StockRecord loaded = StockRecord.loaded(9, 100, 30, 1_000, 60_000);
        assertThat(loaded.productId()).isEqualTo(9);
        assertThat(loaded.stock()).isEqualTo(new Stock(100, 70, 0, 30));
        assertThat(loaded.memory().size()).isZero();
        assertThat(loaded.memory().maxCount()).isEqualTo(1_000);
        assertThat(loaded.memory().maxAgeMillis()).isEqualTo(60_000);
    }

    @Test
    void refusesTotalsThatSoldMoreThanReceived() {
        assertThatThrownBy(() -> StockRecord.loaded(9, 10, 11, 1_000, 60_000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
