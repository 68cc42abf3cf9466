package dev.flashsale.api.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem straight to a servlet response, for code that runs outside Spring MVC's handlers: servlet filters,
 * Spring Security's entry points, the error page. The body has the same shape as the problems Spring MVC writes
 * ({@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} and any extra properties at the top
 * level), always as {@code application/problem+json} whatever the request accepts.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
            .build();

    private ProblemWriter() {}

    /**
     * Answers the request with the problem: its status, {@code application/problem+json}, and the problem as the
     * body, its {@code instance} the request's path unless set. Headers set on the response before stay. Does nothing
     * when the response is already committed.
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        if (problem.getInstance() == null) {
            problem.setInstance(instance(request));
        }
        byte[] body = JSON.writeValueAsBytes(problem);
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** The problem as JSON text. */
    static String json(ProblemDetail problem) {
        return JSON.writeValueAsString(problem);
    }

    /** The request's path as a problem's {@code instance}, or null if it is no valid URI reference. */
    static URI instance(HttpServletRequest request) {
        try {
            return URI.create(request.getRequestURI());
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }
}
