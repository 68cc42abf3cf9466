package dev.flashsale.api.product;

import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.grid.GridCatalogue;
import dev.flashsale.persistence.PersistenceException;
import dev.flashsale.persistence.grid.CatalogueAdmin;
import dev.flashsale.persistence.grid.RestockResult;
import dev.flashsale.persistence.product.CreateProductOutcome;
import dev.flashsale.persistence.product.NewProduct;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrator's product operations (docs/api.md, "Products"). Both write the database first (through {@link
 * CatalogueAdmin}) and need it: while the primary cannot be reached they answer 503 with {@code Retry-After}.
 * Authentication of {@code /api/admin/**} is the security layer's, not this controller's.
 *
 * <ul>
 *   <li>{@code POST /api/admin/products}: creates a product; 201 with {@code Location}, 409 for a taken SKU.
 *   <li>{@code POST /api/admin/products/{id}/restock}: receives more units, once per {@code Idempotency-Key} when
 *       one is sent; 200 with the product as the grid has it right after.
 * </ul>
 */
@RestController
@RequestMapping("/api/admin/products")
final class ProductAdminController {

    private static final Duration DATABASE_RETRY = Duration.ofSeconds(5);
    private static final int MAX_KEY_LENGTH = 255;

    private final CatalogueAdmin admin;
    private final GridCatalogue catalogue;
    private final SoldOutProducts soldOut;

    ProductAdminController(CatalogueAdmin admin, GridCatalogue catalogue, SoldOutProducts soldOut) {
        this.admin = admin;
        this.catalogue = catalogue;
        this.soldOut = soldOut;
    }

    @PostMapping
    ResponseEntity<ProductResponse> create(@RequestBody(required = false) String body) {
        NewProduct product = ProductRequests.newProduct(body);
        return switch (withDatabase(() -> admin.create(product))) {
            case CreateProductOutcome.Created created ->
                ResponseEntity.created(
                                URI.create("/api/products/" + created.product().id()))
                        .body(ProductResponse.of(
                                created.product(), created.stock().available()));
            case CreateProductOutcome.DuplicateSku duplicate ->
                throw ProblemType.DUPLICATE_SKU.exception("a product with SKU '" + duplicate.sku()
                        + "' exists already (SKUs compare case-insensitively)");
        };
    }

    @PostMapping("/{id}/restock")
    ProductResponse restock(
            @PathVariable("id") String id,
            @RequestBody(required = false) String body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        long productId = ProductRequests.productId(id);
        int quantity = ProductRequests.quantity(body);
        OpId opId = idempotencyKey == null ? OpId.random() : restockOf(productId, idempotencyKey);
        return switch (withDatabase(() -> admin.restock(productId, quantity, opId))) {
            case RestockResult.Restocked restocked -> {
                soldOut.reopen(productId);
                yield ProductResponse.of(
                        catalogue.product(productId).orElseThrow(() -> ProductController.notFound(productId)),
                        restocked.grid().available());
            }
            case RestockResult.UnknownProduct unknown -> throw ProductController.notFound(productId);
        };
    }

    /** The op id of a restock sent with an idempotency key: the same for the same product and key, on any node. */
    static OpId restockOf(long productId, String idempotencyKey) {
        if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH) {
            throw ProblemType.INVALID_REQUEST.exception(
                    "an Idempotency-Key has 1 to " + MAX_KEY_LENGTH + " characters, not blank");
        }
        UUID id = UUID.nameUUIDFromBytes(
                ("restock:" + productId + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        return new OpId(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    private static <T> T withDatabase(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (PersistenceException unreachable) {
            throw ProblemType.DATABASE_UNAVAILABLE
                    .exception("admin operations need the database, which could not be reached; retry shortly"
                            + " (a restock retried with the same Idempotency-Key applies once)")
                    .retryAfter(DATABASE_RETRY);
        }
    }
}
