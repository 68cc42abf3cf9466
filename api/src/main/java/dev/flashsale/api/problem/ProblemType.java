package dev.flashsale.api.problem;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The kinds of problem the API answers with. Each has a stable {@code type} URI, {@code urn:flash-sale:problem:NAME},
 * which clients may switch on: it identifies the problem and is not meant to be dereferenced. The {@code title} is the
 * same for every occurrence; the {@code detail} explains the occurrence.
 *
 * <p>The generic types ({@link #isGeneric()}) are the one answer for their HTTP status when nothing more specific is
 * known, for example for Spring MVC's own errors; {@link #forStatus(HttpStatusCode)} finds them.
 */
public enum ProblemType {
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", true),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", true),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", true),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found", true),
    PRODUCT_NOT_FOUND(HttpStatus.NOT_FOUND, "product-not-found", "Product not found", false),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed", true),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable", true),
    REQUEST_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large", true),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type", true),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error", true),
    SOLD_OUT(HttpStatus.CONFLICT, "sold-out", "Sold out", false),
    LIMIT_REACHED(HttpStatus.CONFLICT, "limit-reached", "Per-buyer limit reached", false),
    TOO_MANY_HOLDS(HttpStatus.CONFLICT, "too-many-holds", "Too many open reservations", false),
    PAYMENT_DECLINED(HttpStatus.PAYMENT_REQUIRED, "payment-declined", "Payment declined", true),
    PAYMENT_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "payment-unavailable", "Payment provider unavailable", false),
    IDEMPOTENCY_KEY_REUSED(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "idempotency-key-reused",
            "Idempotency key used for another request",
            true),
    REQUEST_IN_PROGRESS(HttpStatus.CONFLICT, "request-in-progress", "Request in progress", false),
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Overloaded", false),
    RESERVATION_NOT_FOUND(HttpStatus.NOT_FOUND, "reservation-not-found", "Reservation not found", false),
    RESERVATION_EXPIRED(HttpStatus.CONFLICT, "reservation-expired", "Reservation expired", false),
    RESERVATION_RELEASED(HttpStatus.CONFLICT, "reservation-released", "Reservation released", false),
    RESERVATION_CHECKED_OUT(HttpStatus.CONFLICT, "reservation-checked-out", "Reservation checked out already", false),
    ORDER_NOT_FOUND(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", false),
    DUPLICATE_SKU(HttpStatus.CONFLICT, "duplicate-sku", "Duplicate SKU", false),
    DATABASE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable", false),
    PRIMARY_UNUSABLE(
            HttpStatus.UNPROCESSABLE_CONTENT, "primary-unusable", "The new primary cannot be reached or used", false),
    PRIMARY_READ_ONLY(HttpStatus.CONFLICT, "primary-read-only", "The new primary is read-only", false),
    TOO_MANY_STREAMS(HttpStatus.SERVICE_UNAVAILABLE, "too-many-streams", "Too many streams", false),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable", true);

    private static final Map<Integer, ProblemType> GENERIC_BY_STATUS = Arrays.stream(values())
            .filter(ProblemType::isGeneric)
            .collect(Collectors.toUnmodifiableMap(problemType -> problemType.status.value(), Function.identity()));

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final boolean generic;

    ProblemType(HttpStatus status, String name, String title, boolean generic) {
        this.status = status;
        this.type = URI.create("urn:flash-sale:problem:" + name);
        this.title = title;
        this.generic = generic;
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

    /** Whether this is the answer for its status when nothing more specific is known; one per status at most. */
    public boolean isGeneric() {
        return generic;
    }

    /** The generic problem type of a status, if the API has one. */
    public static Optional<ProblemType> forStatus(HttpStatusCode status) {
        return Optional.ofNullable(GENERIC_BY_STATUS.get(status.value()));
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
