package dev.flashsale.engine;

/**
 * The rules of sale of one product that the engine enforces beside its stock.
 *
 * <p>{@code perUserLimit} is the most units one buyer may buy and hold of the product at once, 0 for no limit.
 *
 * <p>Immutable and thread-safe.
 */
public record SaleRules(int perUserLimit) {

    public static final SaleRules UNLIMITED = new SaleRules(0);

    public SaleRules {
        if (perUserLimit < 0) {
            throw new IllegalArgumentException("a per-user limit is at least 1, or 0 for none: " + perUserLimit);
        }
    }

    public boolean limited() {
        return perUserLimit > 0;
    }
}
