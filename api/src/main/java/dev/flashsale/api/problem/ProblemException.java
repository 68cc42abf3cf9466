package dev.flashsale.api.problem;

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
}
