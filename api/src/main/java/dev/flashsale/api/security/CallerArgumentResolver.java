package dev.flashsale.api.security;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves a {@link Caller} parameter of a controller method from the request's authentication: the buyer role gives
 * {@link Caller#buyer(String)} with the token's {@code sub}, the administrator role {@link
 * Caller#administrator(String)}. Without either (an anonymous request on a public path) it throws {@link
 * AuthenticationCredentialsNotFoundException}, which Spring Security answers 401. Stateless and thread-safe.
 */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Authentication authentication =
                SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()) {
            if (Roles.has(authentication.getAuthorities(), Roles.ADMINISTRATOR_AUTHORITY)) {
                return Caller.administrator(authentication.getName());
            }
            if (Roles.has(authentication.getAuthorities(), Roles.BUYER_AUTHORITY)) {
                return Caller.buyer(authentication.getName());
            }
        }
        throw new AuthenticationCredentialsNotFoundException(
                "this needs a buyer's token or the administrator's" + " credentials");
    }
}
