package dev.flashsale.persistence.product;

import java.util.List;
import java.util.Objects;

/**
 * One page of the catalogue, by ascending product id.
 *
 * <p>Invariants: {@code page >= 0}, {@code size >= 1}, at most {@code size} products. Immutable and thread-safe.
 */
public record ProductPage(List<ProductRow> products, int page, int size, boolean hasNext) {

    public ProductPage {
        products = List.copyOf(Objects.requireNonNull(products, "products"));
        if (page < 0 || size < 1 || products.size() > size) {
            throw new IllegalArgumentException(
                    "page %d of size %d with %d products".formatted(page, size, products.size()));
        }
    }
}
