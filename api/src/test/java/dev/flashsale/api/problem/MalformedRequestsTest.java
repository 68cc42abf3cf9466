package dev.flashsale.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flashsale.api.support.ApiClient;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.NodeDatabase;
import dev.flashsale.api.support.SaleCatalogue;
import dev.flashsale.webtest.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of malformed requests against a real app node: every one is answered with its 4xx and an RFC 9457 problem
 * — never a 5xx, never a dropped connection — and sells nothing.
 */
class MalformedRequestsTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static NodeDatabase database;
    private static SaleCatalogue catalogue;
    private static AppNode node;
    private static long product;

    /** One malformed request and the status it must get. */
    record Case(String name, String method, String path, Map<String, String> headers, String body, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void startNode() {
        database = NodeDatabase.create("malformed");
        catalogue = new SaleCatalogue(database);
        int port = AppNode.freePort();
        node = AppNode.start("malformed-" + UUID.randomUUID(), port, List.of(port), database, Map.of());
        product = catalogue.product(1_000, 0);
    }

    @AfterAll
    static void stopNode() throws SQLException {
        node.close();
        catalogue.close();
        database.close();
    }

    static Stream<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        String buyer = ApiClient.bearer(TestTokens.buyer("corpus-buyer"));
        Map<String, String> asBuyer = Map.of("Authorization", buyer, "Content-Type", "application/json");
        Map<String, String> asBuyerWithKey = withKey(asBuyer);

        // Purchase bodies: malformed, truncated, wrong types, missing fields, bad numbers.
        String[][] badBodies = {
            {"empty body", ""},
            {"truncated object", "{\"productId\": 1, \"quantity\""},
            {"unclosed object", "{"},
            {"bare array", "[]"},
            {"json null", "null"},
            {"bare number", "1"},
            {"bare string", "\"buy\""},
            {"empty object", "{}"},
            {"missing quantity", "{\"productId\": 1}"},
            {"missing productId", "{\"quantity\": 1}"},
            {"productId zero", "{\"productId\": 0, \"quantity\": 1}"},
            {"productId negative", "{\"productId\": -1, \"quantity\": 1}"},
            {"productId fractional", "{\"productId\": 1.5, \"quantity\": 1}"},
            {"productId string", "{\"productId\": \"1\", \"quantity\": 1}"},
            {"productId boolean", "{\"productId\": true, \"quantity\": 1}"},
            {"productId null", "{\"productId\": null, \"quantity\": 1}"},
            {"productId array", "{\"productId\": [1], \"quantity\": 1}"},
            {"productId object", "{\"productId\": {}, \"quantity\": 1}"},
            {"productId exponent", "{\"productId\": 1e3, \"quantity\": 1}"},
            {"productId beyond long", "{\"productId\": 99999999999999999999, \"quantity\": 1}"},
            {"quantity zero", "{\"productId\": 1, \"quantity\": 0}"},
            {"quantity negative", "{\"productId\": 1, \"quantity\": -3}"},
            {"quantity fractional", "{\"productId\": 1, \"quantity\": 1.5}"},
            {"quantity huge", "{\"productId\": 1, \"quantity\": 10001}"},
            {"quantity beyond int", "{\"productId\": 1, \"quantity\": 2147483648}"},
            {"quantity beyond long", "{\"productId\": 1, \"quantity\": 123456789012345678901234567890}"},
            {"quantity string", "{\"productId\": 1, \"quantity\": \"2\"}"},
            {"quantity boolean", "{\"productId\": 1, \"quantity\": false}"},
            {"quantity null", "{\"productId\": 1, \"quantity\": null}"},
            {"quantity exponent", "{\"productId\": 1, \"quantity\": 2e0}"},
            {"NaN", "{\"productId\": 1, \"quantity\": NaN}"},
            {"Infinity", "{\"productId\": 1, \"quantity\": Infinity}"},
            {"single quotes", "{'productId': 1, 'quantity': 1}"},
            {"unquoted names", "{productId: 1, quantity: 1}"},
            {"comment", "{\"productId\": 1, /* x */ \"quantity\": 1}"},
            {"trailing comma", "{\"productId\": 1, \"quantity\": 1,}"},
            {"deeply nested", "{\"productId\": 1, \"quantity\": 1, \"x\": " + "[".repeat(200) + "]".repeat(200) + "}"},
            {"long string", "{\"productId\": 1, \"quantity\": 1, \"note\": \"" + "a".repeat(5_000) + "\"}"},
            {"binary garbage", "\u0000\u0001\u0002\u0003"},
        };
        for (String[] bad : badBodies) {
            cases.add(new Case("buy: " + bad[0], "POST", "/api/orders", asBuyerWithKey, bad[1], 400));
            cases.add(new Case("reserve: " + bad[0], "POST", "/api/reservations", asBuyerWithKey, bad[1], 400));
        }
        cases.add(new Case(
                "buy: body over 16 KiB",
                "POST",
                "/api/orders",
                asBuyerWithKey,
                "{\"x\": \"" + "b".repeat(20_000) + "\"}",
                413));

        // Headers: content type, idempotency key, credentials.
        String valid = "{\"productId\": 1, \"quantity\": 1}";
        cases.add(new Case(
                "buy: text/plain",
                "POST",
                "/api/orders",
                withKey(Map.of("Authorization", buyer, "Content-Type", "text/plain")),
                valid,
                415));
        cases.add(new Case(
                "buy: xml",
                "POST",
                "/api/orders",
                withKey(Map.of("Authorization", buyer, "Content-Type", "application/xml")),
                "<buy/>",
                415));
        cases.add(new Case(
                "buy: form",
                "POST",
                "/api/orders",
                withKey(Map.of("Authorization", buyer, "Content-Type", "application/x-www-form-urlencoded")),
                "productId=1&quantity=1",
                415));
        cases.add(new Case(
                "buy: no content type", "POST", "/api/orders", withKey(Map.of("Authorization", buyer)), valid, 415));
        cases.add(new Case("buy: no idempotency key", "POST", "/api/orders", asBuyer, valid, 400));
        cases.add(new Case(
                "buy: blank idempotency key",
                "POST",
                "/api/orders",
                with(asBuyer, "Idempotency-Key", " "),
                valid,
                400));
        cases.add(new Case(
                "buy: 256-character idempotency key",
                "POST",
                "/api/orders",
                with(asBuyer, "Idempotency-Key", "k".repeat(256)),
                valid,
                400));
        cases.add(new Case("reserve: no idempotency key", "POST", "/api/reservations", asBuyer, valid, 400));
        cases.add(new Case(
                "buy: no credentials",
                "POST",
                "/api/orders",
                withKey(Map.of("Content-Type", "application/json")),
                valid,
                401));
        cases.add(new Case(
                "buy: empty bearer",
                "POST",
                "/api/orders",
                withKey(Map.of("Authorization", "Bearer", "Content-Type", "application/json")),
                valid,
                401));
        cases.add(new Case(
                "buy: garbage token",
                "POST",
                "/api/orders",
                withKey(Map.of("Authorization", "Bearer not.a.token", "Content-Type", "application/json")),
                valid,
                401));
        cases.add(new Case(
                "buy: unsigned token",
                "POST",
                "/api/orders",
                withKey(Map.of(
                        "Authorization",
                        ApiClient.bearer(TestTokens.unsigned(
                                TestTokens.claims("x", Instant.now().plusSeconds(600)))),
                        "Content-Type",
                        "application/json")),
                valid,
                401));
        cases.add(new Case(
                "buy: expired token",
                "POST",
                "/api/orders",
                withKey(Map.of(
                        "Authorization",
                        ApiClient.bearer(TestTokens.hs256(
                                TestTokens.SECRET,
                                TestTokens.claims("x", Instant.now().minusSeconds(3_600)))),
                        "Content-Type",
                        "application/json")),
                valid,
                401));
        cases.add(new Case(
                "buy: token without exp",
                "POST",
                "/api/orders",
                withKey(Map.of(
                        "Authorization",
                        ApiClient.bearer(TestTokens.hs256(TestTokens.SECRET, TestTokens.claims("x", null))),
                        "Content-Type",
                        "application/json")),
                valid,
                401));
        cases.add(new Case(
                "buy: token of another secret",
                "POST",
                "/api/orders",
                withKey(Map.of(
                        "Authorization",
                        ApiClient.bearer(TestTokens.hs256(
                                TestTokens.OTHER_SECRET,
                                TestTokens.claims("x", Instant.now().plusSeconds(600)))),
                        "Content-Type",
                        "application/json")),
                valid,
                401));
        cases.add(new Case(
                "buy: HS512 token",
                "POST",
                "/api/orders",
                withKey(Map.of(
                        "Authorization",
                        ApiClient.bearer(TestTokens.mac(
                                "HS512",
                                "HmacSHA512",
                                TestTokens.SECRET,
                                TestTokens.claims("x", Instant.now().plusSeconds(600)))),
                        "Content-Type",
                        "application/json")),
                valid,
                401));
        cases.add(new Case(
                "buy: basic credentials of nobody",
                "POST",
                "/api/orders",
                withKey(Map.of("Authorization", "Basic bm9ib2R5Om5vdGhpbmc=", "Content-Type", "application/json")),
                valid,
                401));
        cases.add(new Case(
                "buy: as the administrator",
                "POST",
                "/api/orders",
                withKey(Map.of("Authorization", ApiClient.administrator(), "Content-Type", "application/json")),
                valid,
                403));

        // Paths: ids that are not positive integers, unknown things.
        for (String id : new String[] {"abc", "0", "-1", "1.5", "99999999999999999999", "%20", "1e3", "0x10"}) {
            cases.add(new Case("product id " + id, "GET", "/api/products/" + id, Map.of(), null, 400));
            cases.add(
                    new Case("order id " + id, "GET", "/api/orders/" + id, Map.of("Authorization", buyer), null, 400));
            cases.add(new Case(
                    "checkout id " + id,
                    "POST",
                    "/api/reservations/" + id + "/checkout",
                    Map.of("Authorization", buyer),
                    "",
                    400));
            cases.add(new Case(
                    "release id " + id,
                    "DELETE",
                    "/api/reservations/" + id,
                    Map.of("Authorization", buyer),
                    null,
                    400));
        }
        cases.add(new Case("unknown product", "GET", "/api/products/987654321", Map.of(), null, 404));
        cases.add(new Case("unknown order", "GET", "/api/orders/987654321", Map.of("Authorization", buyer), null, 404));
        cases.add(new Case(
                "unknown reservation checkout",
                "POST",
                "/api/reservations/987654321/checkout",
                Map.of("Authorization", buyer),
                "",
                404));
        cases.add(new Case(
                "unknown reservation release",
                "DELETE",
                "/api/reservations/987654321",
                Map.of("Authorization", buyer),
                null,
                404));
        cases.add(new Case("unknown path", "GET", "/api/nothing-here", Map.of(), null, 404));
        cases.add(new Case("unknown sub-path", "GET", "/api/products/1/nothing", Map.of(), null, 404));

        // Methods.
        cases.add(new Case("PUT orders", "PUT", "/api/orders", asBuyerWithKey, valid, 405));
        cases.add(new Case("DELETE orders", "DELETE", "/api/orders", Map.of("Authorization", buyer), null, 405));
        cases.add(new Case(
                "PATCH product", "PATCH", "/api/products/1", Map.of("Content-Type", "application/json"), "{}", 405));
        cases.add(new Case("DELETE product", "DELETE", "/api/products/1", Map.of(), null, 405));
        cases.add(new Case("PUT reservation", "PUT", "/api/reservations/1", asBuyer, valid, 405));
        cases.add(new Case(
                "GET checkout", "GET", "/api/reservations/1/checkout", Map.of("Authorization", buyer), null, 405));

        // Paging.
        for (String query : new String[] {
            "page=-1",
            "size=0",
            "size=101",
            "size=abc",
            "page=1.5",
            "page=99999999999999999999",
            "size=-5",
            "page=",
            "size=1e2"
        }) {
            cases.add(new Case("paging " + query, "GET", "/api/products?" + query, Map.of(), null, 400));
        }

        // Administration: bad products and restocks, wrong credentials.
        Map<String, String> asAdministrator =
                Map.of("Authorization", ApiClient.administrator(), "Content-Type", "application/json");
        String[][] badProducts = {
            {"no sku", "{\"name\": \"n\", \"price\": 1, \"stock\": 1}"},
            {"empty sku", "{\"sku\": \"\", \"name\": \"n\", \"price\": 1, \"stock\": 1}"},
            {
                "sku of 65 characters",
                "{\"sku\": \"" + "s".repeat(65) + "\", \"name\": \"n\", \"price\": 1, \"stock\": 1}"
            },
            {"no name", "{\"sku\": \"s\", \"price\": 1, \"stock\": 1}"},
            {"no price", "{\"sku\": \"s\", \"name\": \"n\", \"stock\": 1}"},
            {"price zero", "{\"sku\": \"s\", \"name\": \"n\", \"price\": 0, \"stock\": 1}"},
            {"price negative", "{\"sku\": \"s\", \"name\": \"n\", \"price\": -1, \"stock\": 1}"},
            {"price of three decimals", "{\"sku\": \"s\", \"name\": \"n\", \"price\": 1.001, \"stock\": 1}"},
            {"price text", "{\"sku\": \"s\", \"name\": \"n\", \"price\": \"cheap\", \"stock\": 1}"},
            {"price boolean", "{\"sku\": \"s\", \"name\": \"n\", \"price\": true, \"stock\": 1}"},
            {"no stock", "{\"sku\": \"s\", \"name\": \"n\", \"price\": 1}"},
            {"stock negative", "{\"sku\": \"s\", \"name\": \"n\", \"price\": 1, \"stock\": -1}"},
            {"stock fractional", "{\"sku\": \"s\", \"name\": \"n\", \"price\": 1, \"stock\": 1.5}"},
            {"limit zero", "{\"sku\": \"s\", \"name\": \"n\", \"price\": 1, \"stock\": 1, \"perUserLimit\": 0}"},
            {"limit negative", "{\"sku\": \"s\", \"name\": \"n\", \"price\": 1, \"stock\": 1, \"perUserLimit\": -2}"},
            {"product array", "[]"},
            {"product truncated", "{\"sku\": "},
        };
        for (String[] bad : badProducts) {
            cases.add(
                    new Case("create product: " + bad[0], "POST", "/api/admin/products", asAdministrator, bad[1], 400));
        }
        for (String[] bad : new String[][] {
            {"no quantity", "{}"},
            {"quantity zero", "{\"quantity\": 0}"},
            {"quantity negative", "{\"quantity\": -5}"},
            {"quantity fractional", "{\"quantity\": 2.5}"},
            {"quantity text", "{\"quantity\": \"x\"}"},
            {"restock truncated", "{\"quantity\""},
        }) {
            cases.add(new Case(
                    "restock: " + bad[0],
                    "POST",
                    "/api/admin/products/" + 1 + "/restock",
                    asAdministrator,
                    bad[1],
                    400));
        }
        cases.add(new Case(
                "restock: product id abc",
                "POST",
                "/api/admin/products/abc/restock",
                asAdministrator,
                "{\"quantity\": 1}",
                400));
        cases.add(new Case(
                "restock: unknown product",
                "POST",
                "/api/admin/products/987654321/restock",
                asAdministrator,
                "{\"quantity\": 1}",
                404));
        cases.add(new Case(
                "create product: no credentials",
                "POST",
                "/api/admin/products",
                Map.of("Content-Type", "application/json"),
                "{}",
                401));
        cases.add(new Case(
                "create product: wrong password",
                "POST",
                "/api/admin/products",
                Map.of("Authorization", "Basic YWRtaW46d3Jvbmc=", "Content-Type", "application/json"),
                "{}",
                401));
        cases.add(new Case("create product: as a buyer", "POST", "/api/admin/products", asBuyer, "{}", 403));

        // Content negotiation.
        cases.add(new Case(
                "product as xml only", "GET", "/api/products/1", Map.of("Accept", "application/xml"), null, 406));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void answersAProblemWithTheRightClientError(Case request) {
        HttpResponse<String> response = send(request);

        assertThat(response.statusCode())
                .as(request.name() + ": " + response.body())
                .isEqualTo(request.status());
        assertThat(response.headers().firstValue("Content-Type"))
                .as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.<String>read(response.body(), "$.type")).startsWith("urn:flash-sale:problem:");
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(request.status());
    }

    @Test
    void theCorpusHasAtLeastAHundredRequestsAndSoldNothing() {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(100);
        corpus().forEach(MalformedRequestsTest::send);

        assertThat(node.bean(dev.flashsale.engine.grid.GridInventory.class)
                        .availability(product)
                        .orElseThrow()
                        .sold())
                .isZero();
    }

    private static HttpResponse<String> send(Case request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(node.url(request.path())))
                .timeout(Duration.ofSeconds(30))
                .method(
                        request.method(),
                        request.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach(builder::header);
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException failure) {
            throw new UncheckedIOException(request.name() + ": the connection failed", failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private static Map<String, String> withKey(Map<String, String> headers) {
        return with(headers, "Idempotency-Key", "corpus-" + UUID.randomUUID());
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return Map.copyOf(copy);
    }
}
