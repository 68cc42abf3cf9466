package dev.flashsale.api.order;

import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.grid.GridCalls;
import dev.flashsale.engine.grid.InventoryUnavailableException;
import dev.flashsale.engine.order.Order;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders the saga's answers: orders and reservations as JSON, every refusal as an RFC 9457 problem with its stable
 * type. Thread-safe.
 */
final class Replies {

    static final String DECLINED_PREFIX = "payment declined: ";
    static final String RELEASED_BY_BUYER = "released by the buyer";
    static final String RESERVATION_EXPIRED = "reservation expired";
    static final String HOLD_EXPIRED_WHILE_PAYING = "the hold expired before the payment completed";

    private final JsonMapper json;

    Replies(JsonMapper json) {
        this.json = json;
    }

    /** 201: the order, sold. */
    Reply created(Order order) {
        return new Reply(
                201,
                json.writeValueAsString(orderBody(order)),
                orderLocation(order),
                OptionalInt.empty(),
                true,
                "sold");
    }

    /** 201: the reservation. */
    Reply reserved(Order order, long expiresAtMillis) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reservationId", order.id());
        body.put("productId", order.productId());
        body.put("quantity", order.quantity());
        body.put("expiresAt", Instant.ofEpochMilli(expiresAtMillis).toString());
        return new Reply(
                201,
                json.writeValueAsString(body),
                "/api/reservations/" + order.id(),
                OptionalInt.empty(),
                true,
                "reserved");
    }

    /** 200: an order as its buyer or the administrator sees it. */
    Reply order(Order order) {
        return new Reply(200, json.writeValueAsString(orderBody(order)), "", OptionalInt.empty(), true, "found");
    }

    /** 204. */
    Reply noContent() {
        return new Reply(204, "", "", OptionalInt.empty(), true, "released");
    }

    /** The final answer for an order that ended cancelled, by its reason. */
    Reply cancelled(Order order) {
        String reason = order.cancelReason();
        if (reason.startsWith(DECLINED_PREFIX)) {
            return problem(
                    ProblemType.PAYMENT_DECLINED,
                    "the payment for order " + order.id() + " was declined ("
                            + reason.substring(DECLINED_PREFIX.length())
                            + "); nothing was charged or sold, and the units are back on sale",
                    Map.of("orderId", order.id()));
        }
        if (reason.equals(RELEASED_BY_BUYER)) {
            return problem(
                    ProblemType.RESERVATION_RELEASED,
                    "reservation " + order.id() + " was released; nothing was sold",
                    Map.of("reservationId", order.id()));
        }
        return problem(
                ProblemType.RESERVATION_EXPIRED,
                "the hold of order " + order.id() + " ended (" + reason
                        + ") before it was paid; nothing was sold, and any charge was refunded",
                Map.of("reservationId", order.id()));
    }

    /** The final answer for a stock outcome that refuses the hold. */
    Reply refused(Outcome outcome, long productId, int quantity) {
        return switch (outcome) {
            case Outcome.SoldOut soldOut ->
                problem(
                        ProblemType.SOLD_OUT,
                        "product " + productId + " has " + soldOut.available() + " units left; you asked for "
                                + quantity,
                        Map.of("productId", productId, "available", soldOut.available()));
            case Outcome.LimitReached limit ->
                problem(
                        ProblemType.LIMIT_REACHED,
                        "product " + productId + " sells at most " + limit.limit() + " units per buyer; you have "
                                + limit.alreadyCounted() + " and asked for " + quantity,
                        Map.of("productId", productId, "limit", limit.limit(), "counted", limit.alreadyCounted()));
            case Outcome.TooManyHolds holds ->
                problem(
                        ProblemType.TOO_MANY_HOLDS,
                        "you have " + holds.openHolds() + " open reservations of product " + productId
                                + "; check one out or release it first",
                        Map.of("productId", productId));
            case Outcome.UnknownProduct unknown ->
                problem(ProblemType.PRODUCT_NOT_FOUND, "there is no product " + productId, Map.of());
            default -> unavailable("the stock of product " + productId + " answered " + outcome);
        };
    }

    /** 503, not final: the node runs as many purchases as it may. */
    Reply overloaded() {
        return notFinal(
                ProblemType.OVERLOADED,
                "this node is running as many purchases as it may; nothing was sold or charged — retry shortly",
                1);
    }

    /** 503, not final: the grid or the payment provider did not answer; the buyer's retry resumes the request. */
    Reply unavailable(String detail) {
        return notFinal(
                ProblemType.UNAVAILABLE,
                detail + "; nothing was sold by this request — retry with the same Idempotency-Key to resume it",
                1);
    }

    /**
     * 503, not final: the grid could not carry out the request, because it did not answer in time or because this node
     * is cut off from the quorum of the grid (split-brain protection: it changes nothing until the grid is whole).
     */
    Reply unavailable(InventoryUnavailableException failure) {
        return unavailable(
                GridCalls.NO_QUORUM.equals(failure.getMessage())
                        ? "this node is cut off from the rest of the grid and sells nothing until it is whole again"
                        : "the grid did not answer in time");
    }

    /** 503, not final: the payment provider did not answer. */
    Reply paymentUnavailable(long orderId) {
        return notFinal(
                ProblemType.PAYMENT_UNAVAILABLE,
                "the payment provider did not answer for order " + orderId
                        + "; nothing was sold — retry with the same Idempotency-Key to resume it (it is charged at"
                        + " most once)",
                2);
    }

    /** 409, not final: another attempt of this request runs now. */
    Reply running() {
        return notFinal(
                ProblemType.REQUEST_IN_PROGRESS,
                "a request with this Idempotency-Key is being processed; retry shortly for its answer",
                1);
    }

    Reply problem(ProblemType type, String detail, Map<String, Object> properties) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.type().toString());
        body.put("title", type.title());
        body.put("status", type.status().value());
        body.put("detail", detail);
        body.putAll(properties);
        return new Reply(
                type.status().value(), json.writeValueAsString(body), "", OptionalInt.empty(), true, outcomeOf(type));
    }

    private Reply notFinal(ProblemType type, String detail, int retryAfterSeconds) {
        Reply problem = problem(type, detail, Map.of());
        return new Reply(
                problem.status(), problem.body(), "", OptionalInt.of(retryAfterSeconds), false, problem.outcome());
    }

    /** The outcome a problem stands for in the metrics: its type's name, with underscores. */
    private static String outcomeOf(ProblemType type) {
        String urn = type.type().toString();
        return urn.substring(urn.lastIndexOf(':') + 1).replace('-', '_');
    }

    private static Map<String, Object> orderBody(Order order) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", order.id());
        body.put("status", order.status().name());
        body.put("productId", order.productId());
        body.put("quantity", order.quantity());
        body.put("createdAt", Instant.ofEpochMilli(order.createdAtMillis()).toString());
        if (order.cancelReason() != null) {
            body.put("cancelReason", order.cancelReason());
        }
        return body;
    }

    private static String orderLocation(Order order) {
        return "/api/orders/" + order.id();
    }
}
