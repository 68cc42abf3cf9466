package dev.flashsale.engine.grid;

import dev.flashsale.engine.stock.Stock;
import java.util.Objects;

/**
 * A product's stock as read on its owning member, with the state of its op memory: {@code rememberedOps} operations
 * are remembered, and {@code shortestCountEvictionMillis} is the youngest age at which one was ever forgotten because
 * of the count bound ({@link Long#MAX_VALUE} if never) — the window in which re-executions are recognised.
 *
 * <p>Immutable and thread-safe.
 */
public record StockView(long productId, Stock stock, int rememberedOps, long shortestCountEvictionMillis) {

    public StockView {
        Objects.requireNonNull(stock, "stock");
    }
}
