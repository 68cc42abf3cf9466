package dev.flashsale.api.order;

import dev.flashsale.api.idempotency.IdempotencyKeys;
import dev.flashsale.api.security.Caller;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Hold and checkout: {@code POST /api/reservations}, {@code POST …/{id}/checkout}, {@code DELETE …/{id}}. */
@RestController
@RequestMapping("/api/reservations")
final class ReservationController {

    private final Purchases purchases;

    ReservationController(Purchases purchases) {
        this.purchases = purchases;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> reserve(
            Caller caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(schema = @Schema(implementation = PurchaseRequestDocument.class)))
                    @RequestBody
                    JsonNode body) {
        String idempotencyKey = RequestFields.idempotencyKey(key);
        long productId = RequestFields.productId(body);
        int quantity = RequestFields.quantity(body);
        return HttpReplies.toResponse(purchases.reserve(caller.userId(), productId, quantity, idempotencyKey));
    }

    /** Checkout is idempotent by the reservation; an {@code Idempotency-Key} is accepted and not needed. */
    @PostMapping("/{id}/checkout")
    ResponseEntity<String> checkout(Caller caller, @PathVariable("id") String id) {
        return HttpReplies.toResponse(purchases.checkout(caller.userId(), RequestFields.pathId("reservation", id)));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<String> release(Caller caller, @PathVariable("id") String id) {
        return HttpReplies.toResponse(purchases.release(caller.userId(), RequestFields.pathId("reservation", id)));
    }
}
