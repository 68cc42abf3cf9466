package dev.flashsale.api.benchmark;

import dev.flashsale.api.idempotency.IdempotencyKeys;
import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.api.security.Caller;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/benchmark/noop}: a purchase's request and answer without the purchase. It takes what {@code POST
 * /api/orders} takes (a buyer's bearer token, an {@code Idempotency-Key}, the JSON body {@code {productId, quantity}})
 * through the same filters and security, checks the same things a purchase checks before it reaches the grid, and
 * answers 201 with a canned order of the same shape. It claims no key, holds nothing, sells nothing: a load test
 * against it measures what the HTTP path alone can carry, the physical limit for {@code POST /api/orders} on the same
 * deployment.
 *
 * <p>Registered only when {@code inventory.benchmark.noop-endpoint=true} (off by default; {@code bench/load} sets it
 * for its nodes with {@code SPRING_APPLICATION_JSON={"inventory":{"benchmark":{"noop-endpoint":true}}}}, which
 * {@code scripts/node} passes on). Without it the path does not exist: 404.
 * Stateless and thread-safe.
 */
@RestController
@ConditionalOnBooleanProperty(name = NoopPurchaseController.PROPERTY)
final class NoopPurchaseController {

    /** The property that registers the endpoint. */
    static final String PROPERTY = "inventory.benchmark.noop-endpoint";

    static final String PATH = "/api/benchmark/noop";

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> buyNothing(
            Caller caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @RequestBody JsonNode body) {
        if (!caller.isBuyer()) {
            throw ProblemType.FORBIDDEN.exception("only a buyer may buy");
        }
        IdempotencyKeys.problemWith(key).ifPresent(problem -> {
            throw ProblemType.INVALID_REQUEST.exception(problem);
        });
        long productId = positiveInteger(body, "productId");
        long quantity = positiveInteger(body, "quantity");
        return ResponseEntity.status(HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"orderId\":0,\"status\":\"CONFIRMED\",\"productId\":" + productId + ",\"quantity\":" + quantity
                        + "}");
    }

    private static long positiveInteger(JsonNode body, String name) {
        JsonNode field = body == null || !body.isObject() ? null : body.get(name);
        if (field == null || !field.isIntegralNumber() || !field.canConvertToLong() || field.longValue() < 1) {
            throw ProblemType.INVALID_REQUEST.exception(name + " must be a positive integer");
        }
        return field.longValue();
    }
}
