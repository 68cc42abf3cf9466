package dev.flashsale.api.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The identity settings as bound from {@code inventory.security.*}. {@code application.properties} takes them from the
 * environment variables of the contract and gives no default; the {@code local} profile ({@code
 * application-local.properties}) gives the local deployment's. {@link #toSettings(boolean)} validates them.
 *
 * <p>{@link #toString()} never shows the secret or the password.
 *
 * @param jwtSecret {@code inventory.security.jwt-secret}, from {@code INVENTORY_JWT_SECRET}: the HS256 key of buyer
 *     tokens, as the UTF-8 bytes of this text
 * @param adminUser {@code inventory.security.admin-user}, from {@code INVENTORY_ADMIN_USER}
 * @param adminPassword {@code inventory.security.admin-password}, from {@code INVENTORY_ADMIN_PASSWORD}
 */
@ConfigurationProperties("inventory.security")
record SecurityProperties(String jwtSecret, String adminUser, String adminPassword) {

    /** The fewest bytes of a JWT secret: HS256 needs a key of at least 256 bits (RFC 7518, section 3.2). */
    static final int MIN_JWT_SECRET_BYTES = 32;

    /** The fewest characters of the administrator's password outside the {@code local} profile. */
    static final int MIN_ADMIN_PASSWORD_LENGTH = 12;

    /**
     * The validated settings. Throws {@link InvalidSecuritySettingsException} naming every missing or unfit variable.
     *
     * @param local whether the {@code local} profile is active, whose well-known administrator password is shorter
     *     than {@value #MIN_ADMIN_PASSWORD_LENGTH} characters; every other rule holds there too
     */
    SecuritySettings toSettings(boolean local) {
        List<String> problems = new ArrayList<>();
        if (isBlank(jwtSecret)) {
            problems.add("INVENTORY_JWT_SECRET (inventory.security.jwt-secret) is not set: it is the HS256 key that"
                    + " signs buyer tokens, at least " + MIN_JWT_SECRET_BYTES + " bytes");
        } else if (jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
            problems.add("INVENTORY_JWT_SECRET (inventory.security.jwt-secret) is "
                    + jwtSecret.getBytes(StandardCharsets.UTF_8).length + " bytes: the secret must be at least "
                    + MIN_JWT_SECRET_BYTES + " bytes (UTF-8)");
        }
        if (isBlank(adminUser)) {
            problems.add("INVENTORY_ADMIN_USER (inventory.security.admin-user) is not set: it is the administrator's"
                    + " HTTP Basic user name");
        } else if (adminUser.contains(":") || !Caller.isValidUserId(adminUser)) {
            problems.add("INVENTORY_ADMIN_USER (inventory.security.admin-user) must have 1 to "
                    + Caller.MAX_USER_ID_LENGTH + " characters, without ':' or control characters");
        }
        if (adminPassword == null || adminPassword.isEmpty()) {
            problems.add("INVENTORY_ADMIN_PASSWORD (inventory.security.admin-password) is not set: it is the"
                    + " administrator's HTTP Basic password");
        } else if (!local && adminPassword.length() < MIN_ADMIN_PASSWORD_LENGTH) {
            problems.add("INVENTORY_ADMIN_PASSWORD (inventory.security.admin-password) is too short: "
                    + adminPassword.length() + " characters, it needs at least " + MIN_ADMIN_PASSWORD_LENGTH);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSecuritySettingsException(problems);
        }
        return new SecuritySettings(jwtSecret.getBytes(StandardCharsets.UTF_8), adminUser, adminPassword);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    @Override
    public String toString() {
        return "SecurityProperties[jwtSecret=" + (isBlank(jwtSecret) ? "(not set)" : "(set)") + ", adminUser="
                + adminUser + ", adminPassword=" + (adminPassword == null ? "(not set)" : "(set)") + "]";
    }
}
