package dev.flashsale.api.problem;

import dev.flashsale.engine.grid.GridCalls;
import dev.flashsale.engine.grid.InventoryUnavailableException;
import dev.flashsale.persistence.PersistenceException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Turns every error of the API into an RFC 9457 problem with a stable {@code type} ({@link ProblemType}) and a
 * {@code detail} a client can act on:
 *
 * <ul>
 *   <li>{@link ProblemException}s as they say;
 *   <li>Spring MVC's own errors through {@link ResponseEntityExceptionHandler}, each given the generic type of its
 *       status and a better detail: which JSON is malformed and where, which field has the wrong type, which fields
 *       fail validation (also listed in an {@code errors} property), which methods or media types are supported;
 *   <li>a body over the size limit ({@link RequestBodyTooLargeException} among the causes) as 413;
 *   <li>a grid that did not answer in time, or a node cut off from the quorum of the grid (split-brain protection),
 *       as 503 {@link ProblemType#UNAVAILABLE} with {@code Retry-After}: nothing was done that the caller can rely on,
 *       and retrying with the same ids is safe;
 *   <li>Spring Security's exceptions are left to Spring Security, which answers them with 401 and 403 problems;
 *   <li>anything else as 500 {@link ProblemType#INTERNAL_ERROR} with a generic detail and a correlation id that the
 *       log entry carries too ({@link InternalErrors}).
 * </ul>
 *
 * <p>Errors that never reach a controller (a filter's, the container's) are answered by {@link
 * ProblemErrorController}.
 */
@RestControllerAdvice
final class ProblemResponses extends ResponseEntityExceptionHandler {

    static final String RETRY_AFTER_SECONDS = "1";
    static final String ERRORS = "errors";

    private static final URI BLANK = URI.create("about:blank");

    @ExceptionHandler(InventoryUnavailableException.class)
    ResponseEntity<ProblemDetail> inventoryUnavailable(InventoryUnavailableException failure) {
        boolean noQuorum = GridCalls.NO_QUORUM.equals(failure.getMessage());
        if (!noQuorum) {
            logger.warn("the grid did not answer in time: " + failure + ", caused by " + failure.getCause());
        }
        return ResponseEntity.status(ProblemType.UNAVAILABLE.status())
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(ProblemType.UNAVAILABLE.detail(
                        noQuorum
                                ? "this node is cut off from the rest of the grid and changes nothing until it is whole"
                                        + " again; retry shortly, another node may answer"
                                : "the inventory is unavailable right now; retry shortly"));
    }

    /** The database did not answer (a read that had to go to it): 503, the request may be retried. */
    @ExceptionHandler(PersistenceException.class)
    ResponseEntity<ProblemDetail> databaseUnavailable(PersistenceException failure) {
        logger.warn("the database did not answer: " + failure + ", caused by " + failure.getCause());
        return ResponseEntity.status(ProblemType.DATABASE_UNAVAILABLE.status())
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(ProblemType.DATABASE_UNAVAILABLE.detail(
                        "the database is unavailable right now and this request needs it; retry shortly"));
    }

    /**
     * Everything no other handler answers. Spring Security's exceptions are thrown on, to its filters, which answer
     * them as 401 or 403 problems; a client that went away gets no answer.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure, HttpServletRequest request) throws Exception {
        if (failure instanceof AuthenticationException || failure instanceof AccessDeniedException) {
            throw failure;
        }
        if (Causes.find(failure, RequestBodyTooLargeException.class) != null) {
            return tooLarge();
        }
        if (DisconnectedClientHelper.isClientDisconnectedException(failure)) {
            return null;
        }
        return ResponseEntity.internalServerError()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(InternalErrors.report(request.getMethod() + " " + request.getRequestURI(), failure));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException failure, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (Causes.find(failure, RequestBodyTooLargeException.class) != null) {
            return handleExceptionInternal(
                    failure,
                    ProblemType.REQUEST_TOO_LARGE.detail(RequestBodyLimitFilter.detail()),
                    headers,
                    ProblemType.REQUEST_TOO_LARGE.status(),
                    request);
        }
        return handleExceptionInternal(
                failure,
                ProblemType.INVALID_REQUEST.detail(UnreadableBodies.describe(failure)),
                headers,
                status,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException failure, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        failure.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .forEach(error -> errors.putIfAbsent(error.getField(), message(error)));
        failure.getBindingResult()
                .getGlobalErrors()
                .forEach(error -> errors.putIfAbsent(error.getObjectName(), message(error)));
        return handleExceptionInternal(failure, invalid(errors), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException failure, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        failure.getParameterValidationResults().forEach(result -> {
            String name = String.valueOf(result.getMethodParameter().getParameterName());
            result.getResolvableErrors().forEach(error -> errors.putIfAbsent(name, message(error)));
        });
        if (errors.isEmpty() || !failure.getStatusCode().is4xxClientError()) {
            return super.handleHandlerMethodValidationException(failure, headers, status, request);
        }
        return handleExceptionInternal(failure, invalid(errors), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException failure, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = failure instanceof MethodArgumentTypeMismatchException argument
                ? argument.getName()
                : String.valueOf(failure.getPropertyName());
        String value = UnreadableBodies.echo(String.valueOf(failure.getValue()));
        String expected = UnreadableBodies.expected(failure.getRequiredType());
        return handleExceptionInternal(
                failure,
                ProblemType.INVALID_REQUEST.detail("'" + name + "' must be " + expected + ", not '" + value + "'"),
                headers,
                status,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception failure, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        if (body instanceof ProblemDetail given) {
            problem = given;
        } else if (body == null && failure instanceof ErrorResponse response) {
            problem = response.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        } else {
            problem = ProblemDetail.forStatus(status);
        }
        if (!(failure instanceof ProblemException)) {
            if (status.value() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
                // Spring MVC's own 500s (a response it cannot write, a conversion it cannot do): a server failure.
                problem = InternalErrors.report(describe(request), failure);
            } else {
                String detail = detail(failure, request);
                if (detail != null) {
                    problem.setDetail(detail);
                }
            }
        }
        if (problem.getType() == null || BLANK.equals(problem.getType())) {
            ProblemType generic = ProblemType.forStatus(status).orElse(null);
            if (generic != null) {
                problem.setType(generic.type());
                problem.setTitle(generic.title());
            }
        }
        return super.handleExceptionInternal(failure, problem, headers, status, request);
    }

    /** Every problem as {@code application/problem+json}, whatever the request accepts (even a malformed Accept). */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        if (body instanceof ProblemDetail) {
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return super.createResponseEntity(body, problemHeaders, status, request);
    }

    /** A better detail than Spring MVC's for its own exceptions, or null to keep Spring's. */
    private static String detail(Exception failure, WebRequest request) {
        return switch (failure) {
            case HttpRequestMethodNotSupportedException method -> {
                Set<HttpMethod> supported = method.getSupportedHttpMethods();
                yield method.getMethod() + " is not allowed here"
                        + (supported == null || supported.isEmpty()
                                ? ""
                                : "; allowed: "
                                        + supported.stream()
                                                .map(HttpMethod::name)
                                                .sorted()
                                                .collect(Collectors.joining(", ")));
            }
            case HttpMediaTypeNotSupportedException mediaType ->
                (mediaType.getContentType() == null
                                ? "the request's Content-Type is missing or malformed"
                                : "a body of type " + mediaType.getContentType() + " is not supported here")
                        + (mediaType.getSupportedMediaTypes().isEmpty()
                                ? ""
                                : "; send " + MediaType.toString(mediaType.getSupportedMediaTypes()));
            case HttpMediaTypeNotAcceptableException notAcceptable ->
                notAcceptable.getSupportedMediaTypes().isEmpty()
                        ? "none of the media types the Accept header names can be produced here"
                        : "this resource is available as "
                                + MediaType.toString(notAcceptable.getSupportedMediaTypes())
                                + ", which the Accept header does not allow";
            case NoResourceFoundException _, NoHandlerFoundException _ ->
                "there is nothing at "
                        + (request instanceof ServletWebRequest servlet
                                ? servlet.getRequest().getRequestURI()
                                : "this path");
            default -> null;
        };
    }

    private static ResponseEntity<ProblemDetail> tooLarge() {
        return ResponseEntity.status(ProblemType.REQUEST_TOO_LARGE.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemType.REQUEST_TOO_LARGE.detail(RequestBodyLimitFilter.detail()));
    }

    private static ProblemDetail invalid(Map<String, String> errors) {
        ProblemDetail problem = ProblemType.INVALID_REQUEST.detail("invalid "
                + errors.entrySet().stream()
                        .map(error -> "'" + error.getKey() + "' (" + error.getValue() + ")")
                        .collect(Collectors.joining(", ")));
        problem.setProperty(
                ERRORS,
                errors.entrySet().stream()
                        .map(error -> Map.of("field", error.getKey(), "message", error.getValue()))
                        .toList());
        return problem;
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "invalid";
    }

    private static String describe(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI()
                : request.getDescription(false);
    }
}
