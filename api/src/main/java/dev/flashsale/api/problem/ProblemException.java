package dev.flashsale.api.problem;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;

/**
 * Ends a request with a {@link ProblemType}: Spring MVC renders it as {@code application/problem+json} with the
 * problem's status. For request failures (bad input, unknown resources); business outcomes stay values until the
 * controller maps them.
 */
public final class ProblemException extends ErrorResponseException {

    private final ProblemType problemType;

    ProblemException(ProblemType problemType, String detail) {
        super(problemType.status(), problemType.detail(detail), null);
        this.problemType = problemType;
    }

    public ProblemType problemType() {
        return problemType;
    }

    /**
     * Adds a member to the problem's JSON (an RFC 9457 extension member), such as {@code errors}, the fields of a
     * request that were wrong. The value is rendered as JSON.
     */
    public ProblemException with(String name, Object value) {
        getBody().setProperty(name, value);
        return this;
    }

    /** Asks the client to wait before it tries again: {@code Retry-After} in whole seconds, at least 1. */
    public ProblemException retryAfter(Duration wait) {
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        return this;
    }
}
