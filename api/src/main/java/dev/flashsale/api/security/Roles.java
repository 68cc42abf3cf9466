package dev.flashsale.api.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The two roles of the API: a buyer (bearer token) and the administrator (HTTP Basic). */
final class Roles {

    static final String BUYER = "BUYER";
    static final String ADMINISTRATOR = "ADMINISTRATOR";

    static final GrantedAuthority BUYER_AUTHORITY = new SimpleGrantedAuthority("ROLE_" + BUYER);
    static final GrantedAuthority ADMINISTRATOR_AUTHORITY = new SimpleGrantedAuthority("ROLE_" + ADMINISTRATOR);

    private Roles() {}

    static boolean has(Collection<? extends GrantedAuthority> authorities, GrantedAuthority role) {
        return authorities.stream().anyMatch(authority -> role.getAuthority().equals(authority.getAuthority()));
    }

    static List<GrantedAuthority> buyer() {
        return List.of(BUYER_AUTHORITY);
    }

    static List<GrantedAuthority> administrator() {
        return List.of(ADMINISTRATOR_AUTHORITY);
    }
}
