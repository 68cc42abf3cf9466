package dev.flashsale.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flashsale.webtest.ApiHttpTest;
import dev.flashsale.webtest.TestTokens;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of bad input, and a failure of the server, answered over HTTP as a problem with a stable type. */
class ErrorProblemsTest extends ApiHttpTest {

    private static final String[] BUYER = bearer(TestTokens.buyer("buyer-42"));
    private static final String[] KEY = {"Idempotency-Key", "key-1"};

    @Test
    void namesWhereMalformedJsonBreaks() {
        String detail = assertProblem(order("{\"productId\" 7}"), 400, "invalid-request");

        assertThat(detail).contains("not valid JSON").contains("line 1, column");
    }

    @Test
    void saysTruncatedJsonEndsEarly() {
        String detail = assertProblem(order("{\"productId\": 7, \"quan"), 400, "invalid-request");

        assertThat(detail).contains("not valid JSON").contains("ends before");
    }

    @Test
    void namesAFieldOfTheWrongJsonType() {
        assertThat(assertProblem(order("{\"productId\": \"seven\", \"quantity\": 1}"), 400, "invalid-request"))
                .isEqualTo("'productId' must be an integer");
        assertThat(assertProblem(order("{\"productId\": 7, \"quantity\": [1]}"), 400, "invalid-request"))
                .isEqualTo("'quantity' must be an integer");
        assertThat(assertProblem(order("{\"productId\": 7, \"quantity\": 1.5}"), 400, "invalid-request"))
                .isEqualTo("'quantity' must be an integer");
        assertThat(assertProblem(order("[1, 2]"), 400, "invalid-request")).isEqualTo("the body must be a JSON object");
    }

    @Test
    void namesMissingAndInvalidFields() {
        HttpResponse<String> response = order("{\"quantity\": 0, \"unknown\": true}");

        String detail = assertProblem(response, 400, "invalid-request");
        assertThat(detail).contains("'productId'").contains("'quantity'");
        assertThat(json(response, "$.errors[*].field").toString()).contains("productId", "quantity");
    }

    @Test
    void saysABodyIsNeeded() {
        assertThat(assertProblem(order(""), 400, "invalid-request")).contains("needs a JSON body");
    }

    @Test
    void refusesJsonNestedTooDeeply() {
        String nested = "[".repeat(40) + "]".repeat(40);

        String detail = assertProblem(
                order("{\"productId\": 7, \"quantity\": 1, \"x\": " + nested + "}"), 400, "invalid-request");
        assertThat(detail).contains("nested too deeply").contains("32");
    }

    @Test
    void refusesAStringTooLong() {
        String detail = assertProblem(
                order("{\"productId\": 7, \"quantity\": 1, \"x\": \"" + "a".repeat(5_000) + "\"}"),
                400,
                "invalid-request");

        assertThat(detail).contains("too long");
    }

    @Test
    void refusesANumberWithTooManyDigits() {
        String detail = assertProblem(
                order("{\"productId\": " + "9".repeat(100) + ", \"quantity\": 1}"), 400, "invalid-request");

        assertThat(detail).contains("too many digits");
    }

    @Test
    void refusesAnUnsupportedMediaType() {
        HttpResponse<String> response = send(
                request("/api/orders")
                        .POST(HttpRequest.BodyPublishers.ofString("productId=7"))
                        .header("Content-Type", "text/plain"),
                join(BUYER, KEY));

        assertThat(assertProblem(response, 415, "unsupported-media-type")).contains("application/json");
    }

    @Test
    void refusesAnUnacceptableResponseType() {
        HttpResponse<String> response = get("/api/products/7", "Accept", "application/xml");

        assertThat(assertProblem(response, 406, "not-acceptable")).contains("application/json");
    }

    @Test
    void refusesAnUnsupportedMethodNamingTheAllowedOnes() {
        HttpResponse<String> response = send(request("/api/products/7").PUT(HttpRequest.BodyPublishers.noBody()));

        assertThat(assertProblem(response, 405, "method-not-allowed"))
                .contains("PUT")
                .contains("GET");
        assertThat(response.headers().firstValue("Allow"))
                .hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
    }

    @Test
    void namesAMissingHeader() {
        HttpResponse<String> response = postJson("/api/orders", "{\"productId\": 7, \"quantity\": 1}", BUYER);

        assertThat(assertProblem(response, 400, "invalid-request")).contains("Idempotency-Key");
    }

    @Test
    void refusesAPathVariableThatIsNotANumber() {
        for (String id : List.of("abc", "99999999999999999999", "1.5")) {
            String detail = assertProblem(get("/api/products/" + id), 400, "invalid-request");

            assertThat(detail).contains("'id' must be an integer");
        }
    }

    @Test
    void refusesInvalidQueryParameters() {
        assertThat(assertProblem(get("/api/products?page=x"), 400, "invalid-request"))
                .contains("'page'");
        HttpResponse<String> response = get("/api/products?page=-1&size=1000");
        assertThat(assertProblem(response, 400, "invalid-request"))
                .contains("'page'")
                .contains("'size'");
    }

    @Test
    void answersAnUnknownPathWithNotFound() {
        assertThat(assertProblem(get("/api/products/7/nothing"), 404, "not-found"))
                .contains("/api/products/7/nothing");
    }

    @Test
    void refusesABodyDeclaredLargerThanTheLimit() {
        byte[] body = ("{\"productId\": 7, \"quantity\": 1, \"x\": \"" + "a".repeat(20_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = send(
                request("/api/orders")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .header("Content-Type", "application/json"),
                join(BUYER, KEY));

        assertThat(assertProblem(response, 413, "request-too-large")).contains("16384");
    }

    @Test
    void refusesAChunkedBodyLargerThanTheLimit() {
        byte[] body =
                ("{\"productId\": 7, \"quantity\": 1" + " ".repeat(20_000) + "}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = send(
                request("/api/orders")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .header("Content-Type", "application/json"),
                join(BUYER, KEY));

        assertThat(assertProblem(response, 413, "request-too-large")).contains("16384");
    }

    @Test
    void acceptsAChunkedBodyWithinTheLimit() {
        byte[] body =
                ("{\"productId\": 7, \"quantity\": 1" + " ".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = send(
                request("/api/orders")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .header("Content-Type", "application/json"),
                join(BUYER, KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void rendersAnErrorRaisedOutsideTheControllersAsAProblem() {
        // Spring Security's firewall refuses a URL with a path parameter and sends 400 to the error page.
        HttpResponse<String> response = get("/api/products/7;a=b");

        assertThat(assertProblem(response, 400, "invalid-request")).contains("refused before it reached the API");
        assertThat(json(response, "$.instance").toString()).isEqualTo("/api/products/7;a=b");
    }

    @Test
    void rendersAFailureOutsideTheControllersAsAGenericProblem() {
        HttpResponse<String> response = get("/api/products/filter-failure");

        String detail = assertProblem(response, 500, "internal-error");
        assertThat(detail).contains(json(response, "$.correlationId").toString());
        assertThat(response.body()).doesNotContain("hunter2").doesNotContain("Exception");
    }

    @Test
    void rendersRequestsTheServletContainerRefusesAsProblems() {
        for (String requestLine : List.of(
                "GET /api/products/%zz HTTP/1.1", "GET /api/products/%2F7 HTTP/1.1", "G@T /api/products/7 HTTP/1.1")) {
            RawResponse response = sendRaw(requestLine);

            assertThat(response.status()).as(requestLine).isEqualTo(400);
            assertThat(response.contentType()).as(requestLine).startsWith("application/problem+json");
            assertThat(JsonPath.<String>read(response.body(), "$.type"))
                    .isEqualTo("urn:flash-sale:problem:invalid-request");
        }
    }

    @Test
    void answersARequestForTheErrorPageItselfWithNotFound() {
        assertProblem(get("/error"), 404, "not-found");
    }

    @Test
    void answersAnUnexpectedFailureWithAGenericProblemAndACorrelationId() {
        HttpResponse<String> response = get("/api/products/failure");

        String detail = assertProblem(response, 500, "internal-error");
        String correlationId = json(response, "$.correlationId");
        assertThat(detail).contains(correlationId).doesNotContain("hunter2");
        assertThat(response.body()).doesNotContain("hunter2").doesNotContain("IllegalStateException");
    }

    @Test
    void keepsTheTypeAndDetailOfAProblemException() {
        HttpResponse<String> response = get("/api/products/404");

        assertThat(assertProblem(response, 404, "product-not-found")).isEqualTo("there is no product 404");
        assertThat(json(response, "$.instance").toString()).isEqualTo("/api/products/404");
    }

    private HttpResponse<String> order(String json) {
        return postJson("/api/orders", json, join(BUYER, KEY));
    }
}
