package dev.flashsale.persistence.product;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One keyset page of stock totals, by ascending product id, and where the next page starts: pass {@code nextAfter} to
 * {@link ProductDao#stockTotalsAfter} for it. No {@code nextAfter} means this is the last page.
 *
 * <p>Immutable and thread-safe.
 */
public record StockTotalsPage(List<StockTotals> totals, OptionalLong nextAfter) {

    public StockTotalsPage {
        totals = List.copyOf(Objects.requireNonNull(totals, "totals"));
        Objects.requireNonNull(nextAfter, "nextAfter");
    }
}
