package dev.flashsale.api.security;

import java.io.Serial;
import org.springframework.security.authentication.BadCredentialsException;

/** HTTP Basic credentials that are well-formed but not the administrator's. */
final class WrongAdministratorCredentialsException extends BadCredentialsException {

    @Serial
    private static final long serialVersionUID = 1L;

    WrongAdministratorCredentialsException() {
        super("the administrator's user name or password is wrong");
    }
}
