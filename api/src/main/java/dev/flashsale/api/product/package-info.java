/**
 * The product side of the API: product pages and the catalogue from the grid, the stock event streams, the
 * administrator's product operations, and {@link dev.flashsale.api.product.SoldOutProducts}, the node's memory of
 * sold-out products for the purchase path.
 */
package dev.flashsale.api.product;
