package dev.flashsale.api.security;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Decodes and checks a buyer's bearer token: a JWS signed with HS256 under the deployment's secret, whose {@code sub}
 * is a valid user id ({@link Caller#isValidUserId(String)}) and whose {@code exp} is present and not past (with
 * {@link #CLOCK_SKEW} of tolerance between machines); an {@code nbf}, if present, must have come, and a {@code typ},
 * if present, must be {@code JWT}.
 *
 * <p>Spring Security's {@link NimbusJwtDecoder} does the work: it refuses unsigned tokens ({@code alg: none}), every
 * algorithm but HS256 (the key selector accepts HS256 only), encrypted tokens and forged signatures. A refused token
 * raises {@link BadJwtException} with a message for the client saying what is wrong (the token is unsigned, signed
 * with which other algorithm, its signature does not verify, it expired when, it has no {@code exp}, …), which
 * Spring Security passes on as the {@code error_description} of a 401.
 *
 * <p>Thread-safe.
 */
final class BuyerTokenDecoder implements JwtDecoder {

    /** How far clocks of the token's issuer and of this node may disagree. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private static final String DECODER_PREFIX = "An error occurred while attempting to decode the Jwt: ";

    private final NimbusJwtDecoder nimbus;

    BuyerTokenDecoder(SecretKey key, Clock clock) {
        this.nimbus = NimbusJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        this.nimbus.setJwtValidator(
                new DelegatingOAuth2TokenValidator<>(JwtTypeValidator.jwt(), new BuyerClaimsValidator(clock)));
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        try {
            return nimbus.decode(token);
        } catch (JwtValidationException invalid) {
            throw new BadJwtException(
                    invalid.getErrors().stream()
                            .map(OAuth2Error::getDescription)
                            .collect(Collectors.joining("; ")),
                    invalid);
        } catch (BadJwtException refused) {
            throw new BadJwtException(whyRefused(token, refused), refused);
        }
    }

    /** Why Nimbus refused the token, in the client's terms; only on the failure path, so it may parse again. */
    private static String whyRefused(String token, BadJwtException refused) {
        Header header;
        try {
            int firstDot = token.indexOf('.');
            header = Header.parse(new Base64URL(firstDot < 0 ? token : token.substring(0, firstDot)));
        } catch (ParseException | RuntimeException malformed) {
            return "the bearer token is not a well-formed JWT (three base64url parts: header, claims, signature)";
        }
        if (Algorithm.NONE.equals(header.getAlgorithm())) {
            return "the bearer token is unsigned (alg none); buyer tokens are signed with HS256";
        }
        if (header instanceof JWEHeader) {
            return "the bearer token is encrypted (JWE); buyer tokens are signed with HS256";
        }
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            return "the bearer token is signed with " + header.getAlgorithm() + "; buyer tokens are signed with HS256";
        }
        String message = String.valueOf(refused.getMessage());
        if (message.contains("Invalid signature")) {
            return "the bearer token's signature does not verify: it was not signed with this deployment's secret,"
                    + " or it was altered";
        }
        return "the bearer token is invalid: "
                + (message.startsWith(DECODER_PREFIX) ? message.substring(DECODER_PREFIX.length()) : message);
    }

    /** The claims a buyer token must have: a valid {@code sub}, an {@code exp} not past, an {@code nbf} that came. */
    static final class BuyerClaimsValidator implements OAuth2TokenValidator<Jwt> {

        private final Clock clock;

        BuyerClaimsValidator(Clock clock) {
            this.clock = clock;
        }

        @Override
        public OAuth2TokenValidatorResult validate(Jwt token) {
            Instant now = clock.instant();
            List<OAuth2Error> errors = new ArrayList<>();
            Instant expiresAt = token.getExpiresAt();
            if (expiresAt == null) {
                errors.add(invalid("the bearer token has no exp (expiry) claim; buyer tokens must expire"));
            } else if (now.minus(CLOCK_SKEW).isAfter(expiresAt)) {
                errors.add(invalid("the bearer token expired at " + expiresAt));
            }
            Instant notBefore = token.getNotBefore();
            if (notBefore != null && now.plus(CLOCK_SKEW).isBefore(notBefore)) {
                errors.add(invalid("the bearer token is not valid before " + notBefore));
            }
            Object subject = token.getClaims().get(JwtClaimNames.SUB);
            if (!(subject instanceof String userId) || !Caller.isValidUserId(userId)) {
                errors.add(invalid("the bearer token's sub claim must be the buyer's user id: 1 to "
                        + Caller.MAX_USER_ID_LENGTH + " characters, not blank"));
            }
            return errors.isEmpty() ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(errors);
        }

        private static OAuth2Error invalid(String description) {
            return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
        }
    }
}
