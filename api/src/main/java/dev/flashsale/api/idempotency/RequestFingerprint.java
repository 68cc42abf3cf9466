package dev.flashsale.api.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a request asks, reduced to a fingerprint: SHA-256 over the operation and its parsed arguments, so that two
 * bodies that mean the same (other spacing, field order, unknown fields) are the same request. Stateless.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {}

    /** The fingerprint of {@code operation} (e.g. {@code "POST /api/orders"}) with {@code arguments}, in order. */
    public static String of(String operation, Object... arguments) {
        StringBuilder canonical = new StringBuilder(operation);
        for (Object argument : arguments) {
            String text = String.valueOf(argument);
            canonical.append('\n').append(text.length()).append(':').append(text);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
    }
}
