package dev.flashsale.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.flashsale.webtest.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

class BuyerTokenDecoderTest {

    private static final Instant NOW = Instant.now();

    private final BuyerTokenDecoder decoder = decoder(TestTokens.SECRET, NOW);

    @Test
    void acceptsAnHs256TokenWithSubjectAndExpiry() {
        Jwt jwt = decoder.decode(TestTokens.hs256(TestTokens.SECRET, claims("buyer-42", NOW.plusSeconds(60))));

        assertThat(jwt.getSubject()).isEqualTo("buyer-42");
        assertThat(jwt.getExpiresAt()).isEqualTo(NOW.plusSeconds(60).truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void rejectsAnUnsignedToken() {
        assertRejected(TestTokens.unsigned(claims("buyer-42", NOW.plusSeconds(60))), "unsigned (alg none)");
        assertRejected(TestTokens.noneWithSignature(claims("buyer-42", NOW.plusSeconds(60))), "unsigned (alg none)");
    }

    @Test
    void rejectsTokenSignedWithAnotherAlgorithm() {
        Map<String, Object> claims = claims("buyer-42", NOW.plusSeconds(60));

        assertRejected(TestTokens.mac("HS512", "HmacSHA512", TestTokens.SECRET, claims), "signed with HS512");
        assertRejected(TestTokens.mac("HS384", "HmacSHA384", TestTokens.SECRET, claims), "signed with HS384");
        assertRejected(TestTokens.rs256("buyer-42"), "signed with RS256");
    }

    @Test
    void rejectsATokenSignedWithAnotherSecret() {
        assertRejected(
                TestTokens.hs256(TestTokens.OTHER_SECRET, claims("buyer-42", NOW.plusSeconds(60))),
                "signature does not verify");
    }

    @Test
    void rejectsATokenPastItsExpiryBeyondTheClockSkew() {
        Instant expiry = NOW.minus(BuyerTokenDecoder.CLOCK_SKEW).minusSeconds(2);

        assertRejected(TestTokens.hs256(TestTokens.SECRET, claims("buyer-42", expiry)), "expired at");
    }

    @Test
    void toleratesAnExpiryWithinTheClockSkew() {
        Instant expiry = NOW.minus(BuyerTokenDecoder.CLOCK_SKEW).plusSeconds(2);

        assertThat(decoder.decode(TestTokens.hs256(TestTokens.SECRET, claims("buyer-42", expiry)))
                        .getSubject())
                .isEqualTo("buyer-42");
    }

    @Test
    void rejectsATokenWithoutExpiry() {
        assertRejected(TestTokens.hs256(TestTokens.SECRET, claims("buyer-42", null)), "no exp");
    }

    @Test
    void rejectsATokenNotYetValid() {
        Map<String, Object> claims = claims("buyer-42", NOW.plusSeconds(3_600));
        claims.put("nbf", NOW.plusSeconds(600).getEpochSecond());

        assertRejected(TestTokens.hs256(TestTokens.SECRET, claims), "not valid before");
    }

    @Test
    void rejectsATokenWithoutAUsableSubject() {
        Map<String, Object> noSubject = claims("buyer-42", NOW.plusSeconds(60));
        noSubject.remove("sub");

        assertRejected(TestTokens.hs256(TestTokens.SECRET, noSubject), "sub claim");
        assertRejected(TestTokens.hs256(TestTokens.SECRET, claims("", NOW.plusSeconds(60))), "sub claim");
        assertRejected(TestTokens.hs256(TestTokens.SECRET, claims("u".repeat(129), NOW.plusSeconds(60))), "sub claim");
        assertRejected(TestTokens.hs256(TestTokens.SECRET, claims("tab\there", NOW.plusSeconds(60))), "sub claim");
    }

    @Test
    void rejectsAnExpiryThatIsNoNumber() {
        Map<String, Object> claims = claims("buyer-42", null);
        claims.put("exp", "tomorrow");

        assertRejected(TestTokens.hs256(TestTokens.SECRET, claims), "invalid");
    }

    @Test
    void rejectsGarbage() {
        for (String garbage : new String[] {"garbage", "a.b.c", "a.b.c.d.e", "....", "eyJhbGciOiJIUzI1NiJ9.e30."}) {
            assertThatExceptionOfType(BadJwtException.class).as(garbage).isThrownBy(() -> decoder.decode(garbage));
        }
        assertRejected("garbage", "not a well-formed JWT");
    }

    private void assertRejected(String token, String reason) {
        assertThatExceptionOfType(BadJwtException.class)
                .isThrownBy(() -> decoder.decode(token))
                .withMessageContaining(reason);
    }

    private static Map<String, Object> claims(String userId, Instant expiresAt) {
        return TestTokens.claims(userId, expiresAt);
    }

    static BuyerTokenDecoder decoder(String secret, Instant now) {
        return new BuyerTokenDecoder(
                new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), SecuritySettings.JWT_ALGORITHM),
                Clock.fixed(now, ZoneOffset.UTC));
    }
}
