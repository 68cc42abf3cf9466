package dev.flashsale.api.problem;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The problem for an error that the servlet container saw rather than a controller: a status, maybe a failure, and the
 * request's path. A 5xx is a failure of the server ({@link InternalErrors}); a body over the limit anywhere among the
 * causes is 413; any other status gets its generic {@link ProblemType} and a short detail. Stateless.
 */
final class ContainerErrors {

    private ContainerErrors() {}

    /**
     * @param statusCode the status the container is answering with
     * @param path the request's path as the client sent it, or null if unknown
     * @param failure what was thrown, or null
     * @param request the request in a few words, for the log
     */
    static ProblemDetail problem(int statusCode, String path, Throwable failure, String request) {
        HttpStatus status = HttpStatus.resolve(statusCode);
        if (status == null) {
            status = statusCode >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
        }
        ProblemDetail problem = problem(status, path == null ? "this path" : path, failure, request);
        problem.setInstance(instance(path));
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String path, Throwable failure, String request) {
        if (failure != null && Causes.find(failure, RequestBodyTooLargeException.class) != null) {
            return ProblemType.REQUEST_TOO_LARGE.detail(RequestBodyLimitFilter.detail());
        }
        if (status == HttpStatus.INTERNAL_SERVER_ERROR || (status.is5xxServerError() && failure != null)) {
            return InternalErrors.report(request, failure);
        }
        return generic(
                status,
                switch (status) {
                    case BAD_REQUEST -> "the request is malformed and was refused before it reached the API";
                    case UNAUTHORIZED -> "this needs credentials";
                    case FORBIDDEN -> "this is not allowed";
                    case NOT_FOUND -> "there is nothing at " + path;
                    case CONTENT_TOO_LARGE -> RequestBodyLimitFilter.detail();
                    default ->
                        "the request was refused: " + status.getReasonPhrase().toLowerCase(Locale.ROOT);
                });
    }

    private static ProblemDetail generic(HttpStatusCode status, String detail) {
        return ProblemType.forStatus(status)
                .map(type -> type.detail(detail))
                .orElseGet(() -> ProblemDetail.forStatusAndDetail(status, detail));
    }

    private static URI instance(String path) {
        if (path == null) {
            return null;
        }
        try {
            return URI.create(path);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }
}
