package dev.flashsale.api.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * The error page: renders as a problem every error that reaches the servlet container's error page instead of a
 * controller, in place of Spring Boot's whitelabel page and JSON. These are errors raised outside Spring MVC's
 * handlers: a servlet filter that failed or called {@code sendError} (Spring Security's firewall refusing a URL, for
 * one), an exception thrown out of the servlet. See {@link ContainerErrors} for the problems. A request for the error
 * page itself is answered 404.
 */
@Controller
@RequestMapping("${spring.web.error.path:${error.path:/error}}")
final class ProblemErrorController implements ErrorController {

    private final ErrorAttributes errorAttributes;

    ProblemErrorController(ErrorAttributes errorAttributes) {
        this.errorAttributes = errorAttributes;
    }

    @RequestMapping
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemWriter.write(request, response, problem(request));
    }

    private ProblemDetail problem(HttpServletRequest request) {
        Object statusCode = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(statusCode instanceof Integer code) || path == null) {
            return ProblemType.NOT_FOUND.detail("there is nothing at " + request.getRequestURI());
        }
        Throwable failure = errorAttributes.getError(new ServletWebRequest(request));
        if (failure == null && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable thrown) {
            failure = thrown;
        }
        return ContainerErrors.problem(code, path.toString(), failure, request.getMethod() + " " + path);
    }
}
