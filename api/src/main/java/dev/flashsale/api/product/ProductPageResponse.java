package dev.flashsale.api.product;

import java.util.List;

/**
 * One page of the catalogue, {@code GET /api/products?page=&size=}: the products by ascending id, the page and size
 * asked for, and whether a next page exists. There is no total count: counting the catalogue would cost the replica a
 * scan per page; a client pages until {@code hasNext} is false.
 */
record ProductPageResponse(List<ProductResponse> content, int page, int size, boolean hasNext) {

    ProductPageResponse {
        content = List.copyOf(content);
    }
}
