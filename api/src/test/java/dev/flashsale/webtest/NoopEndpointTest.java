package dev.flashsale.webtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The benchmarks' no-op purchase ({@code dev.flashsale.api.benchmark}): absent unless its property is set, and when
 * set, behind the same security as a purchase. Each test starts a slim web application (security, problems, the
 * benchmark package; no grid) with the properties it needs.
 */
class NoopEndpointTest {

    private static final String PATH = "/api/benchmark/noop";
    private static final String ORDER = "{\"productId\": 7, \"quantity\": 2}";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(
            excludeName = "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration")
    @ComponentScan(
            basePackages = {"dev.flashsale.api.security", "dev.flashsale.api.problem", "dev.flashsale.api.benchmark"},
            excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
    static class BenchmarkApplication {}

    @Test
    void isAbsentByDefault() throws Exception {
        try (ConfigurableApplicationContext node = start(Map.of())) {
            HttpResponse<String> response = post(node, TestTokens.buyer("buyer-1"), "key-1", ORDER);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(response.body()).doesNotContain("CONFIRMED");
        }
    }

    @Test
    void isAbsentWhenSwitchedOff() throws Exception {
        try (ConfigurableApplicationContext node = start(Map.of("inventory.benchmark.noop-endpoint", "false"))) {
            assertThat(post(node, TestTokens.buyer("buyer-1"), "key-1", ORDER).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void answersACannedOrderToABuyerWhenSwitchedOn() throws Exception {
        try (ConfigurableApplicationContext node = start(Map.of("inventory.benchmark.noop-endpoint", "true"))) {
            HttpResponse<String> response = post(node, TestTokens.buyer("buyer-1"), "key-1", ORDER);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(response.body())
                    .isEqualTo("{\"orderId\":0,\"status\":\"CONFIRMED\",\"productId\":7,\"quantity\":2}");
        }
    }

    @Test
    void refusesWhatAPurchaseRefusesWhenSwitchedOn() throws Exception {
        try (ConfigurableApplicationContext node = start(Map.of("inventory.benchmark.noop-endpoint", "true"))) {
            assertThat(post(node, null, "key-1", ORDER).statusCode()).isEqualTo(401);
            assertThat(post(
                                    node,
                                    TestTokens.hs256(TestTokens.OTHER_SECRET, TestTokens.claims("buyer-1", null)),
                                    "key-1",
                                    ORDER)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(post(node, TestTokens.buyer("buyer-1"), null, ORDER).statusCode())
                    .isEqualTo(400);
            assertThat(post(node, TestTokens.buyer("buyer-1"), "key-1", "{\"productId\": 0, \"quantity\": 1}")
                            .statusCode())
                    .isEqualTo(400);
        }
    }

    /** Starts the slim application; the properties are given as command-line arguments, which win over the files. */
    private static ConfigurableApplicationContext start(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("server.port", "0");
        all.put("server.address", "127.0.0.1");
        all.put("inventory.security.jwt-secret", TestTokens.SECRET);
        all.put("inventory.security.admin-user", ApiHttpTest.ADMIN_USER);
        all.put("inventory.security.admin-password", ApiHttpTest.ADMIN_PASSWORD);
        String[] arguments = all.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(BenchmarkApplication.class)
                .web(WebApplicationType.SERVLET)
                .run(arguments);
    }

    private static HttpResponse<String> post(
            ConfigurableApplicationContext node, String token, String idempotencyKey, String body)
            throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) node).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
