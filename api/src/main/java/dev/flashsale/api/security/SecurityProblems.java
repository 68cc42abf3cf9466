package dev.flashsale.api.security;

import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.api.problem.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security's answers as problems. As the {@link AuthenticationEntryPoint}: 401 {@link ProblemType#UNAUTHORIZED}
 * with a {@code WWW-Authenticate} challenge (RFC 9110, RFC 6750) and a detail that says what was wrong: no
 * credentials (and which the path takes), a refused bearer token (and why, from {@link BuyerTokenDecoder}), wrong or
 * malformed Basic credentials. As the {@link AccessDeniedHandler}: 403 {@link ProblemType#FORBIDDEN}, saying who may
 * use the path. Thread-safe.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "flash-sale";

    private static final String BEARER = "Bearer realm=\"" + REALM + "\"";
    private static final String BASIC = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

    private final RequestMatcher buyerPaths;
    private final RequestMatcher administratorPaths;

    /**
     * @param buyerPaths the requests only a buyer may make
     * @param administratorPaths the requests only the administrator may make
     */
    SecurityProblems(RequestMatcher buyerPaths, RequestMatcher administratorPaths) {
        this.buyerPaths = buyerPaths;
        this.administratorPaths = administratorPaths;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String detail;
        List<String> challenges;
        switch (failure) {
            case OAuth2AuthenticationException bearer -> {
                OAuth2Error error = bearer.getError();
                detail = error.getDescription() != null ? error.getDescription() : "the bearer token is invalid";
                challenges = List.of(BEARER + ", error=\"" + error.getErrorCode() + "\", error_description=\""
                        + headerSafe(detail) + "\"");
            }
            case InsufficientAuthenticationException _, AuthenticationCredentialsNotFoundException _ -> {
                detail = missingCredentials(request);
                challenges = challenges(request);
            }
            case WrongAdministratorCredentialsException wrong -> {
                detail = wrong.getMessage();
                challenges = List.of(BASIC);
            }
            default -> {
                detail = "the HTTP Basic credentials are malformed: send Authorization: Basic with base64 of"
                        + " user:password";
                challenges = List.of(BASIC);
            }
        }
        challenges.forEach(challenge -> response.addHeader(HttpHeaders.WWW_AUTHENTICATE, challenge));
        ProblemWriter.write(request, response, ProblemType.UNAUTHORIZED.detail(detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        String detail;
        if (administratorPaths.matches(request)) {
            detail = "only the administrator may use " + request.getRequestURI();
        } else if (buyerPaths.matches(request)) {
            detail = "only a buyer, with a bearer token, may use " + request.getRequestURI()
                    + "; the administrator does not buy";
        } else {
            detail = "you may not use " + request.getRequestURI();
        }
        ProblemWriter.write(request, response, ProblemType.FORBIDDEN.detail(detail));
    }

    private String missingCredentials(HttpServletRequest request) {
        if (administratorPaths.matches(request)) {
            return "this needs the administrator's credentials: Authorization: Basic";
        }
        if (buyerPaths.matches(request)) {
            return "this needs a buyer's token: Authorization: Bearer <JWT>";
        }
        return "this needs a buyer's token (Authorization: Bearer <JWT>) or the administrator's credentials"
                + " (Authorization: Basic)";
    }

    private List<String> challenges(HttpServletRequest request) {
        if (administratorPaths.matches(request)) {
            return List.of(BASIC);
        }
        if (buyerPaths.matches(request)) {
            return List.of(BEARER);
        }
        return List.of(BEARER, BASIC);
    }

    /** The text as an RFC 6750 {@code error_description}: printable ASCII without {@code "} and {@code \}. */
    static String headerSafe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints()
                .map(character -> character >= 0x20 && character <= 0x7e && character != '"' && character != '\\'
                        ? character
                        : '?')
                .forEach(safe::appendCodePoint);
        return safe.toString();
    }
}
