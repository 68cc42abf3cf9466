package dev.flashsale.api.order;

import dev.flashsale.api.idempotency.IdempotencyKeys;
import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.api.security.Caller;
import dev.flashsale.engine.order.Order;
import dev.flashsale.persistence.grid.OrderRows;
import dev.flashsale.persistence.order.OrderDao;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Buy now ({@code POST /api/orders}) and order lookup ({@code GET /api/orders/{id}}). */
@RestController
@RequestMapping("/api/orders")
final class OrderController {

    private final Purchases purchases;
    private final OrderDao database;
    private final Replies replies;

    OrderController(Purchases purchases, OrderDao database, Replies replies) {
        this.purchases = purchases;
        this.database = database;
        this.replies = replies;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> buyNow(
            Caller caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(schema = @Schema(implementation = PurchaseRequestDocument.class)))
                    @RequestBody
                    JsonNode body) {
        String idempotencyKey = RequestFields.idempotencyKey(key);
        long productId = RequestFields.productId(body);
        int quantity = RequestFields.quantity(body);
        return HttpReplies.toResponse(purchases.buyNow(caller.userId(), productId, quantity, idempotencyKey));
    }

    /** The order from the grid, or — if the grid no longer has it — from the database. */
    @GetMapping("/{id}")
    ResponseEntity<String> order(Caller caller, @PathVariable("id") String id) {
        long orderId = RequestFields.pathId("order", id);
        Optional<Order> order =
                purchases.order(orderId).or(() -> database.load(orderId).map(OrderRows::fromRow));
        if (order.isEmpty()) {
            return HttpReplies.toResponse(
                    replies.problem(ProblemType.ORDER_NOT_FOUND, "there is no order " + orderId, Map.of()));
        }
        if (!caller.mayAccess(order.get().buyerId())) {
            return HttpReplies.toResponse(
                    replies.problem(ProblemType.FORBIDDEN, "order " + orderId + " belongs to another buyer", Map.of()));
        }
        return HttpReplies.toResponse(replies.order(order.get()));
    }
}
