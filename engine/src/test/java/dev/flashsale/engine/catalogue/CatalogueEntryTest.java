package dev.flashsale.engine.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CatalogueEntryTest {

    static CatalogueEntry priced(String price) {
        return new CatalogueEntry(1, "SKU", "Name", Optional.empty(), new BigDecimal(price), OptionalInt.empty());
    }

    @Test
    void keepsThePriceAtTwoDecimals() {
        assertThat(priced("5").price().toPlainString()).isEqualTo("5.00");
        assertThat(priced("9.9").price().toPlainString()).isEqualTo("9.90");
        assertThat(priced("19.990").price().toPlainString()).isEqualTo("19.99");
        assertThat(priced("5")).isEqualTo(priced("5.00"));
    }

    @Test
    void refusesAPriceThatIsNotPositiveOrHasMoreThanTwoDecimals() {
        assertThatThrownBy(() -> priced("0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> priced("-1.00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> priced("1.005")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesImpossibleProducts() {
        BigDecimal price = BigDecimal.ONE;
        assertThatThrownBy(() -> new CatalogueEntry(0, "S", "N", Optional.empty(), price, OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CatalogueEntry(1, " ", "N", Optional.empty(), price, OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CatalogueEntry(1, "S", "", Optional.empty(), price, OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CatalogueEntry(1, "S", "N", Optional.empty(), price, OptionalInt.of(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
