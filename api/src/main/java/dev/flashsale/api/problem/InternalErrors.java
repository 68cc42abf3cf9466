package dev.flashsale.api.problem;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;

/**
 * Answers a failure of the server itself: 500 {@link ProblemType#INTERNAL_ERROR} with a generic detail and a random
 * correlation id, which the log entry with the whole failure carries too. The client learns nothing about the
 * failure but the id to quote. Stateless and thread-safe.
 */
final class InternalErrors {

    static final String CORRELATION_ID = "correlationId";

    private static final Logger LOG = LoggerFactory.getLogger(InternalErrors.class);

    private InternalErrors() {}

    /** Logs the failure of the request with a new correlation id and returns the problem to answer with. */
    static ProblemDetail report(String request, Throwable failure) {
        String correlationId = UUID.randomUUID().toString();
        LOG.error("internal error {} answering {}", correlationId, request, failure);
        ProblemDetail problem = ProblemType.INTERNAL_ERROR.detail(
                "the server failed to answer this request; quote " + correlationId + " when reporting it");
        problem.setProperty(CORRELATION_ID, correlationId);
        return problem;
    }
}
