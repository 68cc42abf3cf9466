/** Product reads: {@code GET /api/products/{id}}. */
package dev.flashsale.api.product;
