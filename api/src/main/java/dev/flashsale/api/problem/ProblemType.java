package dev.flashsale.api.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The kinds of problem the API answers with. Each has a stable {@code type} URI, {@code urn:flash-sale:problem:NAME},
 * which clients may switch on: it identifies the problem and is not meant to be dereferenced. The {@code title} is the
 * same for every occurrence; the {@code detail} explains the occurrence.
 */
public enum ProblemType {
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),
    PRODUCT_NOT_FOUND(HttpStatus.NOT_FOUND, "product-not-found", "Product not found"),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable"),
    SOLD_OUT(HttpStatus.CONFLICT, "sold-out", "Sold out"),
    LIMIT_REACHED(HttpStatus.CONFLICT, "limit-reached", "Per-buyer limit reached"),
    TOO_MANY_HOLDS(HttpStatus.CONFLICT, "too-many-holds", "Too many open reservations"),
    PAYMENT_DECLINED(HttpStatus.PAYMENT_REQUIRED, "payment-declined", "Payment declined"),
    PAYMENT_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "payment-unavailable", "Payment provider unavailable"),
    IDEMPOTENCY_KEY_REUSED(
            HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key used for another request"),
    REQUEST_IN_PROGRESS(HttpStatus.CONFLICT, "request-in-progress", "Request in progress"),
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Overloaded"),
    RESERVATION_NOT_FOUND(HttpStatus.NOT_FOUND, "reservation-not-found", "Reservation not found"),
    RESERVATION_EXPIRED(HttpStatus.CONFLICT, "reservation-expired", "Reservation expired"),
    RESERVATION_RELEASED(HttpStatus.CONFLICT, "reservation-released", "Reservation released"),
    RESERVATION_CHECKED_OUT(HttpStatus.CONFLICT, "reservation-checked-out", "Reservation checked out already"),
    ORDER_NOT_FOUND(HttpStatus.NOT_FOUND, "order-not-found", "Order not found"),
    ORDER_FORBIDDEN(HttpStatus.FORBIDDEN, "order-forbidden", "Not your order");

    private final HttpStatus status;
    private final URI type;
    private final String title;

    ProblemType(HttpStatus status, String name, String title) {
        this.status = status;
        this.type = URI.create("urn:flash-sale:problem:" + name);
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** A problem of this type, with {@code detail} about this occurrence. */
    public ProblemDetail detail(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    /** An exception that Spring MVC answers with this problem. */
    public ProblemException exception(String detail) {
        return new ProblemException(this, detail);
    }
}
