package dev.flashsale.api.problem;

import java.io.IOException;
import java.io.Serial;

/**
 * Thrown by the input stream of a request whose body turns out, while it is read, to be larger than {@link
 * RequestBodyLimitFilter#MAX_BODY_BYTES}. An {@link IOException}, so that whatever reads the body (a message converter,
 * a controller) fails as on any broken stream; {@link ProblemResponses} recognises it among the causes and answers 413.
 */
final class RequestBodyTooLargeException extends IOException {

    @Serial
    private static final long serialVersionUID = 1L;

    RequestBodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }
}
