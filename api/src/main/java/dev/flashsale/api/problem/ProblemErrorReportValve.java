package dev.flashsale.api.problem;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's last word on an error, as a problem instead of Tomcat's HTML page. It speaks only when nothing else did:
 * for requests that Tomcat refuses before any servlet sees them (a malformed URI or header, an encoded slash) and for
 * an error page that itself failed. Never shows a stack trace. Replaces Tomcat's {@link ErrorReportValve} on the host
 * ({@link ProblemConfiguration}). Thread-safe.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String path = request.getRequestURI();
        ProblemDetail problem = ContainerErrors.problem(status, path, throwable, request.getMethod() + " " + path);
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ProblemWriter.json(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException cannotWrite) {
            // The client is gone or the response cannot take a body: nothing more to say.
        }
    }
}
