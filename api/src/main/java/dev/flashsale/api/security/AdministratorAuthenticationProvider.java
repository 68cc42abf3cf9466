package dev.flashsale.api.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Checks the administrator's HTTP Basic credentials against {@code INVENTORY_ADMIN_USER} and {@code
 * INVENTORY_ADMIN_PASSWORD}, in constant time ({@link SecuritySettings#isAdministrator(String, String)}), without
 * storing the password or hashing it with a slow function on every request. Success grants the administrator role;
 * anything else is {@link WrongAdministratorCredentialsException}, which does not say whether the user name or the password was
 * wrong. Thread-safe.
 */
final class AdministratorAuthenticationProvider implements AuthenticationProvider {

    private final SecuritySettings settings;

    AdministratorAuthenticationProvider(SecuritySettings settings) {
        this.settings = settings;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String user = String.valueOf(authentication.getPrincipal());
        Object credentials = authentication.getCredentials();
        String password = credentials == null ? "" : credentials.toString();
        if (!settings.isAdministrator(user, password)) {
            throw new WrongAdministratorCredentialsException();
        }
        return UsernamePasswordAuthenticationToken.authenticated(settings.adminUser(), null, Roles.administrator());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
