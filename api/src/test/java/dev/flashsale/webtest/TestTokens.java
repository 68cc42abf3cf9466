package dev.flashsale.webtest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer tokens for tests, good and bad, built by hand so that a test controls every byte: the header's {@code alg},
 * the claims, the signature. Secrets are the UTF-8 bytes of a text, as in production.
 */
public final class TestTokens {

    /** The local profile's secret, which the tests' properties use too. */
    public static final String SECRET = "local-flash-sale-jwt-secret-0123456789abcdef";

    public static final String OTHER_SECRET = "another-deployments-secret-0123456789abcdef";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestTokens() {}

    /** A valid buyer token for the user, expiring in an hour. */
    public static String buyer(String userId) {
        return hs256(SECRET, claims(userId, Instant.now().plus(Duration.ofHours(1))));
    }

    /** The claims {@code sub}, {@code iat} (an hour before {@code exp}, or now) and {@code exp} (unless null). */
    public static Map<String, Object> claims(String userId, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", userId);
        claims.put("iat", (expiresAt == null ? Instant.now() : expiresAt.minus(Duration.ofHours(1))).getEpochSecond());
        if (expiresAt != null) {
            claims.put("exp", expiresAt.getEpochSecond());
        }
        return claims;
    }

    public static String hs256(String secret, Map<String, Object> claims) {
        return mac("HS256", "HmacSHA256", secret, claims);
    }

    /** An HMAC token with the header's {@code alg} and the JCA algorithm given, e.g. HS512 and HmacSHA512. */
    public static String mac(String alg, String jcaAlgorithm, String secret, Map<String, Object> claims) {
        String signingInput = part(Map.of("alg", alg, "typ", "JWT")) + "." + part(claims);
        try {
            Mac mac = Mac.getInstance(jcaAlgorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jcaAlgorithm));
            return signingInput + "."
                    + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token: {@code alg: none} and an empty signature. */
    public static String unsigned(Map<String, Object> claims) {
        return part(Map.of("alg", "none")) + "." + part(claims) + ".";
    }

    /** A token that says {@code alg: none} but carries the HS256 signature of its input anyway. */
    public static String noneWithSignature(Map<String, Object> claims) {
        String signed = hs256(SECRET, claims);
        String signature = signed.substring(signed.lastIndexOf('.') + 1);
        return part(Map.of("alg", "none", "typ", "JWT")) + "." + part(claims) + "." + signature;
    }

    /** A token signed with RS256 under a fresh RSA key. */
    public static String rs256(String userId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader(JWSAlgorithm.RS256),
                    new JWTClaimsSet.Builder()
                            .subject(userId)
                            .expirationTime(java.util.Date.from(Instant.now().plus(Duration.ofHours(1))))
                            .build());
            jwt.sign(
                    new RSASSASigner((RSAPrivateKey) generator.generateKeyPair().getPrivate()));
            return jwt.serialize();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(Map<String, Object> json) {
        return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
    }
}
