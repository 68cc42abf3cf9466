package dev.flashsale.api.product;

import dev.flashsale.engine.stock.Stock;

/** The data of one {@code stock} event of {@code GET /api/products/{id}/events}: the product's figures at one moment. */
record StockFigures(long productId, long available, long held, long sold) {

    static StockFigures of(long productId, Stock stock) {
        return new StockFigures(productId, stock.available(), stock.held(), stock.sold());
    }
}
