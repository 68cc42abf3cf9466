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
    DUPLICATE_SKU(HttpStatus.CONFLICT, "duplicate-sku", "Duplicate SKU"),
    DATABASE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable"),
    TOO_MANY_STREAMS(HttpStatus.SERVICE_UNAVAILABLE, "too-many-streams", "Too many streams");

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
