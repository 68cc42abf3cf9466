package dev.flashsale.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Validated identity settings ({@link SecurityProperties#toSettings(boolean)}): the key of buyer tokens and the
 * administrator's credentials. Keeps only what checking needs: the key, the user name, and SHA-256 digests of the user
 * name and password, which {@link AdministratorAuthenticationProvider} compares in constant time.
 *
 * <p>Immutable (every array is copied in and out) and thread-safe. {@link #toString()} shows no secret.
 */
final class SecuritySettings {

    static final String JWT_ALGORITHM = "HmacSHA256";

    private final byte[] jwtSecret;
    private final String adminUser;
    private final byte[] adminUserDigest;
    private final byte[] adminPasswordDigest;

    SecuritySettings(byte[] jwtSecret, String adminUser, String adminPassword) {
        if (jwtSecret.length < SecurityProperties.MIN_JWT_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the JWT secret must be at least " + SecurityProperties.MIN_JWT_SECRET_BYTES + " bytes");
        }
        this.jwtSecret = jwtSecret.clone();
        this.adminUser = adminUser;
        this.adminUserDigest = digest(adminUser);
        this.adminPasswordDigest = digest(adminPassword);
    }

    /** The HS256 key of buyer tokens. */
    SecretKey jwtKey() {
        return new SecretKeySpec(jwtSecret, JWT_ALGORITHM);
    }

    String adminUser() {
        return adminUser;
    }

    /**
     * Whether the credentials are the administrator's. Takes the same time whatever the input: it compares fixed-size
     * digests with {@link MessageDigest#isEqual}, and always both of them.
     */
    boolean isAdministrator(String user, String password) {
        boolean userMatches = MessageDigest.isEqual(adminUserDigest, digest(user));
        boolean passwordMatches = MessageDigest.isEqual(adminPasswordDigest, digest(password));
        return userMatches & passwordMatches;
    }

    static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }

    @Override
    public String toString() {
        return "SecuritySettings[adminUser=" + adminUser + ", jwtSecret=(" + jwtSecret.length + " bytes)]";
    }
}
