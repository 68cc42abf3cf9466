package dev.flashsale.api.product;

import dev.flashsale.api.problem.ProblemException;
import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.engine.catalogue.CatalogueEntry;
import dev.flashsale.engine.grid.GridCatalogue;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.persistence.PersistenceException;
import dev.flashsale.persistence.catalogue.CatalogueReads;
import dev.flashsale.persistence.product.ProductPage;
import dev.flashsale.persistence.product.ProductRow;
import java.time.Duration;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Product reads, for anyone (docs/api.md, "Products"):
 *
 * <ul>
 *   <li>{@code GET /api/products/{id}}: from the grid only, the catalogue entry from this member's near cache and the
 *       units available from the product's owner; the database is read only the first time the cluster sees the
 *       product.
 *   <li>{@code GET /api/products?page=&size=}: a page of the catalogue from the read replica (the primary if the
 *       replica is down or lags), each product with its units available now, read from the grid in one batched call.
 *   <li>{@code GET /api/products/{id}/events}: a {@code text/event-stream} of the product's stock figures.
 * </ul>
 */
@RestController
@RequestMapping("/api/products")
final class ProductController {

    private final GridCatalogue catalogue;
    private final GridInventory inventory;
    private final CatalogueReads catalogueReads;
    private final StockEvents events;

    ProductController(
            GridCatalogue catalogue, GridInventory inventory, CatalogueReads catalogueReads, StockEvents events) {
        this.catalogue = catalogue;
        this.inventory = inventory;
        this.catalogueReads = catalogueReads;
        this.events = events;
    }

    @GetMapping
    ProductPageResponse page(
            @RequestParam(name = "page", required = false) String page,
            @RequestParam(name = "size", required = false) String size) {
        int pageNumber = ProductRequests.page(page);
        int pageSize = ProductRequests.size(size);
        ProductPage rows;
        try {
            rows = catalogueReads.catalogue(pageNumber, pageSize);
        } catch (PersistenceException unreachable) {
            throw ProblemType.DATABASE_UNAVAILABLE
                    .exception("the catalogue could not be read from the replica or the primary; retry shortly")
                    .retryAfter(Duration.ofSeconds(5));
        }
        Map<Long, Stock> stock = inventory.availabilities(
                rows.products().stream().map(ProductRow::id).toList());
        return new ProductPageResponse(
                rows.products().stream()
                        .map(row -> ProductResponse.of(
                                row,
                                stock.containsKey(row.id())
                                        ? stock.get(row.id()).available()
                                        : 0))
                        .toList(),
                pageNumber,
                pageSize,
                rows.hasNext());
    }

    @GetMapping("/{id}")
    ProductResponse product(@PathVariable("id") String id) {
        long productId = ProductRequests.productId(id);
        CatalogueEntry entry = catalogue.product(productId).orElseThrow(() -> notFound(productId));
        Stock stock = inventory.availability(productId).orElseThrow(() -> notFound(productId));
        return ProductResponse.of(entry, stock.available());
    }

    @GetMapping("/{id}/events")
    SseEmitter events(@PathVariable("id") String id) {
        long productId = ProductRequests.productId(id);
        catalogue.product(productId).orElseThrow(() -> notFound(productId));
        return events.open(productId).orElseThrow(() -> notFound(productId));
    }

    static ProblemException notFound(long productId) {
        return ProblemType.PRODUCT_NOT_FOUND.exception("there is no product " + productId);
    }
}
