package dev.flashsale.api.product;

/**
 * A product as {@code GET /api/products/{id}} answers it. For now only what the grid knows: the id and the units
 * available to buy; the catalogue fields (sku, name, price, per-user limit) come with persistence.
 */
record ProductResponse(long id, long available) {}
