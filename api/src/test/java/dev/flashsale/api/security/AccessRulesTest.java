package dev.flashsale.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.webtest.ApiHttpTest;
import dev.flashsale.webtest.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may use which path, and how every refusal reads: 401 and 403 problems with the right challenges. */
class AccessRulesTest extends ApiHttpTest {

    private static final String ORDER = "{\"productId\": 7, \"quantity\": 2}";
    private static final String[] KEY = {"Idempotency-Key", "key-1"};

    @Test
    void letsAnyoneReadProducts() {
        HttpResponse<String> response = get("/api/products/7");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response, "$.id").toString()).isEqualTo("7");
    }

    @Test
    void letsABuyerOrderAsTheUserOfTheToken() {
        HttpResponse<String> response = postJson("/api/orders", ORDER, join(bearer(TestTokens.buyer("buyer-42")), KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(response, "$.userId").toString()).isEqualTo("buyer-42");
        assertThat(json(response, "$.administrator").toString()).isEqualTo("false");
    }

    @Test
    void refusesAnOrderWithoutATokenWithABearerChallenge() {
        HttpResponse<String> response = postJson("/api/orders", ORDER, KEY);

        String detail = assertProblem(response, 401, "unauthorized");
        assertThat(detail).contains("Bearer");
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"flash-sale\"");
    }

    @Test
    void rejectsAnUnsignedToken() {
        assertRefused(TestTokens.unsigned(validClaims()), "unsigned");
    }

    @Test
    void rejectsATokenThatSaysNoneButCarriesASignature() {
        assertRefused(TestTokens.noneWithSignature(validClaims()), "unsigned");
    }

    @Test
    void rejectsTokenSignedWithAnotherAlgorithm() {
        assertRefused(TestTokens.mac("HS512", "HmacSHA512", TestTokens.SECRET, validClaims()), "HS512");
        assertRefused(TestTokens.mac("HS384", "HmacSHA384", TestTokens.SECRET, validClaims()), "HS384");
        assertRefused(TestTokens.rs256("buyer-42"), "RS256");
    }

    @Test
    void rejectsAnExpiredToken() {
        Map<String, Object> claims = TestTokens.claims("buyer-42", Instant.now().minus(Duration.ofMinutes(5)));

        assertRefused(TestTokens.hs256(TestTokens.SECRET, claims), "expired");
    }

    @Test
    void rejectsATokenWithoutExpiry() {
        assertRefused(TestTokens.hs256(TestTokens.SECRET, TestTokens.claims("buyer-42", null)), "exp");
    }

    @Test
    void rejectsATokenSignedWithAnotherSecret() {
        assertRefused(TestTokens.hs256(TestTokens.OTHER_SECRET, validClaims()), "signature");
    }

    @Test
    void rejectsATokenWhoseClaimsWereAltered() {
        String token = TestTokens.buyer("buyer-42");
        String forged = token.substring(0, token.indexOf('.') + 1)
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"sub\":\"buyer-1\",\"exp\":4102444800}".getBytes())
                + token.substring(token.lastIndexOf('.'));

        assertRefused(forged, "signature");
    }

    @Test
    void rejectsGarbage() {
        assertRefused("not-a-token", "well-formed");
        assertRefused("a.b.c", "well-formed");
    }

    @Test
    void rejectsATokenWithoutAValidSubject() {
        assertRefused(TestTokens.hs256(TestTokens.SECRET, validClaims(" ")), "sub");
        assertRefused(TestTokens.hs256(TestTokens.SECRET, validClaims("u".repeat(129))), "sub");
    }

    @Test
    void rejectsAMalformedAuthorizationHeader() {
        HttpResponse<String> response =
                postJson("/api/orders", ORDER, "Authorization", "Bearer two words", KEY[0], KEY[1]);

        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(
                        challenge -> assertThat(challenge).startsWith("Bearer realm=\"flash-sale\", error=\"invalid_"));
    }

    @Test
    void refusesABadTokenEvenOnAPublicPath() {
        HttpResponse<String> response = get("/api/products/7", bearer("not-a-token"));

        assertProblem(response, 401, "unauthorized");
    }

    @Test
    void letsTheAdministratorIn() {
        HttpResponse<String> response = get("/api/admin/caller", administrator());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response, "$.userId").toString()).isEqualTo(ADMIN_USER);
        assertThat(json(response, "$.administrator").toString()).isEqualTo("true");
    }

    @Test
    void refusesWrongAdministratorCredentialsWithABasicChallenge() {
        for (String[] credentials :
                new String[][] {basic(ADMIN_USER, "wrong-password"), basic("someone", ADMIN_PASSWORD)}) {
            HttpResponse<String> response = get("/api/admin/caller", credentials);

            String detail = assertProblem(response, 401, "unauthorized");
            assertThat(detail).contains("wrong");
            assertThat(response.headers().allValues("WWW-Authenticate"))
                    .containsExactly("Basic realm=\"flash-sale\", charset=\"UTF-8\"");
        }
    }

    @Test
    void refusesMalformedBasicCredentials() {
        HttpResponse<String> response = get("/api/admin/caller", "Authorization", "Basic %%%");

        assertThat(assertProblem(response, 401, "unauthorized")).contains("malformed");
    }

    @Test
    void asksForTheAdministratorsCredentialsOnAnAdministratorsPath() {
        HttpResponse<String> response = get("/api/admin/caller");

        assertThat(assertProblem(response, 401, "unauthorized")).contains("administrator");
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly("Basic realm=\"flash-sale\", charset=\"UTF-8\"");
    }

    @Test
    void forbidsABuyerTheAdministratorsPaths() {
        HttpResponse<String> response = postJson(
                "/api/admin/products",
                "{\"sku\":\"s\",\"name\":\"n\",\"price\":1,\"stock\":1}",
                bearer(TestTokens.buyer("buyer-42")));

        assertThat(assertProblem(response, 403, "forbidden")).contains("administrator");
    }

    @Test
    void forbidsTheAdministratorToBuy() {
        HttpResponse<String> response = postJson("/api/orders", ORDER, join(administrator(), KEY));

        assertThat(assertProblem(response, 403, "forbidden")).contains("buyer");
        HttpResponse<String> reservation =
                send(request("/api/reservations").POST(HttpRequest.BodyPublishers.noBody()), administrator());
        assertProblem(reservation, 403, "forbidden");
    }

    @Test
    void letsABuyerOrTheAdministratorReadAnOrder() {
        HttpResponse<String> buyer = get("/api/orders/5", bearer(TestTokens.buyer("buyer-42")));
        HttpResponse<String> administrator = get("/api/orders/5", administrator());
        HttpResponse<String> anonymous = get("/api/orders/5");

        assertThat(json(buyer, "$.userId").toString()).isEqualTo("buyer-42");
        assertThat(json(buyer, "$.administrator").toString()).isEqualTo("false");
        assertThat(json(administrator, "$.administrator").toString()).isEqualTo("true");
        assertProblem(anonymous, 401, "unauthorized");
        assertThat(anonymous.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"flash-sale\"", "Basic realm=\"flash-sale\", charset=\"UTF-8\"");
    }

    @Test
    void asksForCredentialsWhenAControllerOnAPublicPathWantsTheCaller() {
        assertProblem(get("/api/products/7/watcher"), 401, "unauthorized");
        assertThat(get("/api/products/7/watcher", bearer(TestTokens.buyer("buyer-42")))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void needsAuthenticationForAControllerPathThatNoRuleNames() {
        assertProblem(get("/api/unlisted"), 401, "unauthorized");
        assertThat(get("/api/unlisted", bearer(TestTokens.buyer("buyer-42"))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void answersAnUnknownPathWithNotFoundRatherThanUnauthorized() {
        assertProblem(get("/api/nothing-here"), 404, "not-found");
        assertProblem(get("/nothing-here"), 404, "not-found");
        assertProblem(
                send(request("/api/nothing-here").POST(HttpRequest.BodyPublishers.ofString("{}"))), 404, "not-found");
    }

    @Test
    void answersAnUnsupportedMethodWithMethodNotAllowedRatherThanUnauthorized() {
        HttpResponse<String> response = send(request("/api/products/7").DELETE());

        assertProblem(response, 405, "method-not-allowed");
    }

    @Test
    void letsAnyoneSeeHealthButOnlyTheAdministratorOtherActuatorEndpoints() {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertProblem(get("/actuator/env"), 401, "unauthorized");
        assertProblem(get("/actuator/env", bearer(TestTokens.buyer("buyer-42"))), 403, "forbidden");
        assertProblem(get("/actuator/env", administrator()), 404, "not-found");
    }

    @Test
    void keepsNoSession() {
        HttpResponse<String> response = get("/api/admin/caller", administrator());

        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    private void assertRefused(String token, String reason) {
        HttpResponse<String> response = postJson("/api/orders", ORDER, join(bearer(token), KEY));

        String detail = assertProblem(response, 401, "unauthorized");
        assertThat(detail).as(token).contains(reason);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge)
                        .startsWith("Bearer realm=\"flash-sale\", error=\"invalid_token\", error_description=\""));
    }

    private static Map<String, Object> validClaims() {
        return validClaims("buyer-42");
    }

    private static Map<String, Object> validClaims(String userId) {
        return TestTokens.claims(userId, Instant.now().plus(Duration.ofHours(1)));
    }
}
