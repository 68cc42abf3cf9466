package dev.flashsale.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

    @Test
    void acceptsOneTo255PrintableAsciiCharacters() {
        assertThat(IdempotencyKeys.problemWith("a")).isEmpty();
        assertThat(IdempotencyKeys.problemWith("0f8fad5b-d9cb-469f-a165-70867728950e"))
                .isEmpty();
        assertThat(IdempotencyKeys.problemWith("~!@#$%^&*() key with spaces")).isEmpty();
        assertThat(IdempotencyKeys.problemWith("k".repeat(255))).isEmpty();
    }

    @Test
    void refusesMissingEmptyBlankLongAndNonAsciiKeys() {
        assertThat(IdempotencyKeys.problemWith(null))
                .hasValueSatisfying(text -> assertThat(text).contains("required"));
        assertThat(IdempotencyKeys.problemWith("")).isPresent();
        assertThat(IdempotencyKeys.problemWith("   "))
                .hasValueSatisfying(text -> assertThat(text).contains("blank"));
        assertThat(IdempotencyKeys.problemWith("k".repeat(256)))
                .hasValueSatisfying(text -> assertThat(text).contains("256"));
        assertThat(IdempotencyKeys.problemWith("schlüssel"))
                .hasValueSatisfying(text -> assertThat(text).contains("character 5"));
        assertThat(IdempotencyKeys.problemWith("tab\there")).isPresent();
    }

    @Test
    void aFingerprintIgnoresNothingButIsTheSameForTheSameArguments() {
        assertThat(RequestFingerprint.of("POST /api/orders", 1L, 2))
                .isEqualTo(RequestFingerprint.of("POST /api/orders", 1L, 2))
                .isNotEqualTo(RequestFingerprint.of("POST /api/orders", 1L, 3))
                .isNotEqualTo(RequestFingerprint.of("POST /api/reservations", 1L, 2))
                .isNotEqualTo(RequestFingerprint.of("POST /api/orders", 12L, 2));
        assertThat(RequestFingerprint.of("op", "1", "23")).isNotEqualTo(RequestFingerprint.of("op", "12", "3"));
    }

    @Test
    void mapKeysOfDifferentBuyersNeverCollide() {
        assertThat(RequestMemory.mapKey("ab", "c")).isNotEqualTo(RequestMemory.mapKey("a", "bc"));
    }
}
