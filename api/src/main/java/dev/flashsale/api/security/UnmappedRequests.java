package dev.flashsale.api.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.springframework.http.server.RequestPath;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The rule for every request that no explicit rule of {@link SecurityConfiguration} names: a request that a
 * controller would handle needs authentication (a buyer or the administrator), so a controller added without a rule
 * is never public; a request that no controller handles is let through, so that Spring MVC answers it 404, 405 or 415
 * as a problem instead of 401. Letting those through runs no code of ours: Spring MVC fails them while it looks for
 * the handler, exactly as this rule did.
 *
 * <p>Asks the application's {@link RequestMappingHandlerMapping} (looked up on first use, as the context may build it after the security filters), with the same request, the
 * question the dispatcher will ask. Thread-safe.
 */
final class UnmappedRequests implements AuthorizationManager<RequestAuthorizationContext> {

    private final Supplier<RequestMappingHandlerMapping> handlerMapping;
    private final AuthorizationManager<RequestAuthorizationContext> authenticated =
            AuthenticatedAuthorizationManager.authenticated();

    /** @param handlerMapping the application's controller mapping, asked for on first use */
    UnmappedRequests(Supplier<RequestMappingHandlerMapping> handlerMapping) {
        this.handlerMapping = SingletonSupplier.of(handlerMapping);
    }

    @Override
    public AuthorizationResult authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        return isHandled(context.getRequest())
                ? authenticated.authorize(authentication, context)
                : new AuthorizationDecision(true);
    }

    /** Whether a controller method would handle the request. */
    private boolean isHandled(HttpServletRequest request) {
        RequestMappingHandlerMapping mapping = handlerMapping.get();
        Object previousPath = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        try {
            if (!(previousPath instanceof RequestPath)) {
                ServletRequestPathUtils.parseAndCache(request);
            }
            HandlerExecutionChain handler = mapping.getHandler(request);
            return handler != null;
        } catch (Exception noHandler) {
            // No handler for this method or media type: Spring MVC answers 405, 415 or 406 without running one.
            return false;
        } finally {
            if (previousPath == null) {
                request.removeAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
            }
        }
    }
}
