package dev.flashsale.persistence.product;

import java.math.BigDecimal;

/** Validation shared by the product values. Stateless. */
final class Texts {

    private Texts() {}

    static void requireText(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw new IllegalArgumentException(name + " is longer than " + maxLength + " characters");
        }
    }

    /** The price at scale 2, as DECIMAL(12,2) keeps it: positive, at most 2 decimals, below 10^10. */
    static BigDecimal price(BigDecimal price) {
        if (price == null || price.signum() <= 0) {
            throw new IllegalArgumentException("a price is positive: " + price);
        }
        if (price.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("a price has at most 2 decimals: " + price);
        }
        BigDecimal scaled = price.setScale(2);
        if (scaled.precision() > 12) {
            throw new IllegalArgumentException("a price is below 10,000,000,000: " + price);
        }
        return scaled;
    }
}
