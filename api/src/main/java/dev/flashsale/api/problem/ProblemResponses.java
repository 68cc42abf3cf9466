package dev.flashsale.api.problem;

import dev.flashsale.engine.grid.InventoryUnavailableException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error of the API into an RFC 9457 problem: Spring MVC's own (unreadable body, unsupported method, …)
 * through {@link ResponseEntityExceptionHandler}, {@link ProblemException}s as they say, and a grid that did not
 * answer in time as 503 {@link ProblemType#UNAVAILABLE} with {@code Retry-After}: nothing was done that the caller
 * can rely on, and retrying with the same ids is safe.
 */
@RestControllerAdvice
final class ProblemResponses extends ResponseEntityExceptionHandler {

    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(InventoryUnavailableException.class)
    ResponseEntity<ProblemDetail> inventoryUnavailable(InventoryUnavailableException failure) {
        logger.warn("the grid did not answer in time: " + failure + ", caused by " + failure.getCause());
        return ResponseEntity.status(ProblemType.UNAVAILABLE.status())
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(ProblemType.UNAVAILABLE.detail("the inventory is unavailable right now; retry shortly"));
    }
}
