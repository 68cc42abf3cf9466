package dev.flashsale.bench.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Buyer tokens as the contract defines them: JWTs signed with HS256 under the deployment's secret (its UTF-8 bytes),
 * {@code sub} the buyer's user id, {@code exp} required. Buyers are named {@code <prefix><n>}, n from 1.
 *
 * <p>As a program: {@code BuyerTokens COUNT FILE [PREFIX] [SECONDS]} writes one {@code userId token} line per buyer,
 * the file {@code bench/lua/sale.lua} reads. The secret is {@code INVENTORY_JWT_SECRET}, else the local profile's.
 * Immutable and thread-safe.
 */
public final class BuyerTokens {

    /** The local profile's secret (README, scripts/token). */
    public static final String LOCAL_SECRET = "local-flash-sale-jwt-secret-0123456789abcdef";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

    private final byte[] secret;
    private final long expiresAtSeconds;

    public BuyerTokens(String secret, long expiresAtSeconds) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        if (this.secret.length < 32) {
            throw new IllegalArgumentException("the secret has " + this.secret.length + " bytes; at least 32");
        }
        this.expiresAtSeconds = expiresAtSeconds;
    }

    /** The secret of the environment ({@code INVENTORY_JWT_SECRET}) or else the local profile's. */
    public static String secretFromEnvironment() {
        String secret = System.getenv("INVENTORY_JWT_SECRET");
        return secret == null || secret.isEmpty() ? LOCAL_SECRET : secret;
    }

    /** The token of {@code userId} (1 to 128 characters of A-Z a-z 0-9 . _ - : @ +, which need no JSON escaping). */
    public String token(String userId) {
        if (!userId.matches("[A-Za-z0-9._:@+-]{1,128}")) {
            throw new IllegalArgumentException("a bench user id has 1 to 128 plain characters: " + userId);
        }
        long now = System.currentTimeMillis() / 1000;
        String claims = encode("{\"sub\":\"" + userId + "\",\"iat\":" + now + ",\"exp\":" + expiresAtSeconds + "}");
        String signingInput = HEADER + "." + claims;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "."
                    + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The tokens of buyers {@code prefix1} to {@code prefixCount}, in order. */
    public List<String> tokens(String prefix, int count) {
        List<String> tokens = new ArrayList<>(count);
        for (int buyer = 1; buyer <= count; buyer++) {
            tokens.add(token(prefix + buyer));
        }
        return tokens;
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] arguments) throws IOException {
        if (arguments.length < 2 || arguments.length > 4) {
            System.err.println("usage: BuyerTokens COUNT FILE [PREFIX] [SECONDS]");
            System.exit(2);
        }
        int count = Integer.parseInt(arguments[0]);
        Path file = Path.of(arguments[1]);
        String prefix = arguments.length > 2 ? arguments[2] : "buyer-";
        long seconds = arguments.length > 3 ? Long.parseLong(arguments[3]) : 86_400;
        BuyerTokens tokens = new BuyerTokens(secretFromEnvironment(), System.currentTimeMillis() / 1000 + seconds);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int buyer = 1; buyer <= count; buyer++) {
                String userId = prefix + buyer;
                out.write(userId + " " + tokens.token(userId) + "\n");
            }
        }
    }
}
