package dev.flashsale.webtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.api.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security and error handling of the API over real HTTP, on a slim web application: the {@code security} and
 * {@code problem} packages as they are, Spring Boot's auto-configuration (without Hazelcast), and {@link
 * ContractController}, whose endpoints stand in for those of the contract. Subclasses share one application.
 *
 * <p>It lives outside {@code dev.flashsale.api} so that the application's component scan, in the tests that start the
 * whole node, never finds its configuration and controller.
 */
@SpringBootTest(
        classes = ApiHttpTest.WebApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "inventory.security.jwt-secret=" + TestTokens.SECRET,
            "inventory.security.admin-user=" + ApiHttpTest.ADMIN_USER,
            "inventory.security.admin-password=" + ApiHttpTest.ADMIN_PASSWORD,
            "management.endpoints.web.exposure.include=health,prometheus"
        })
public abstract class ApiHttpTest {

    public static final String ADMIN_USER = "administrator";
    public static final String ADMIN_PASSWORD = "a-long-test-password";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    private int port;

    /** The slim application: security and problems, no grid. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(
            excludeName = "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration")
    @ComponentScan(
            basePackages = {"dev.flashsale.api.security", "dev.flashsale.api.problem"},
            excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
    @Import({ContractController.class, FailingFilter.class})
    public static class WebApplication {}

    /** A servlet filter that fails on one path, as a bug outside Spring MVC would. */
    static class FailingFilter extends OncePerRequestFilter {

        static final String PATH = "/api/products/filter-failure";

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (PATH.equals(request.getRequestURI())) {
                throw new IllegalStateException("internal secret: the filter's password is hunter2");
            }
            chain.doFilter(request, response);
        }
    }

    /** Endpoints shaped like the contract's, answering with what they were given. */
    @RestController
    static class ContractController {

        record OrderBody(
                @NotNull @Positive Long productId,
                @NotNull @Min(1) Integer quantity) {}

        record ProductBody(
                @NotBlank String sku,
                @NotBlank String name,
                String description,
                @NotNull @DecimalMin("0.01") BigDecimal price,
                @NotNull @Min(0) Integer stock,
                List<String> tags) {}

        @GetMapping("/api/products/{id}")
        Map<String, Object> product(@PathVariable long id) {
            if (id == 404) {
                throw ProblemType.PRODUCT_NOT_FOUND.exception("there is no product " + id);
            }
            return Map.of("id", id);
        }

        @GetMapping("/api/products")
        Map<String, Object> products(
                @RequestParam(defaultValue = "0") @Min(0) int page,
                @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
            return Map.of("page", page, "size", size);
        }

        @GetMapping("/api/products/{id}/watcher")
        Caller watcher(Caller caller, @PathVariable long id) {
            return caller;
        }

        @GetMapping("/api/products/failure")
        Map<String, Object> failure() {
            throw new IllegalStateException("internal secret: the database password is hunter2");
        }

        @PostMapping("/api/orders")
        @ResponseStatus(HttpStatus.CREATED)
        Map<String, Object> order(
                Caller caller,
                @RequestHeader("Idempotency-Key") String idempotencyKey,
                @Valid @RequestBody OrderBody body) {
            return Map.of(
                    "userId", caller.userId(),
                    "administrator", caller.administrator(),
                    "idempotencyKey", idempotencyKey,
                    "productId", body.productId(),
                    "quantity", body.quantity());
        }

        @GetMapping("/api/orders/{id}")
        Caller orderReader(Caller caller, @PathVariable long id) {
            return caller;
        }

        @PostMapping("/api/reservations")
        @ResponseStatus(HttpStatus.CREATED)
        Caller reserve(Caller caller) {
            return caller;
        }

        @PostMapping("/api/admin/products")
        @ResponseStatus(HttpStatus.CREATED)
        Map<String, Object> createProduct(Caller caller, @Valid @RequestBody ProductBody body) {
            return Map.of("administrator", caller.administrator(), "sku", body.sku());
        }

        @GetMapping("/api/admin/caller")
        Caller administrator(Caller caller) {
            return caller;
        }

        /** A controller path that no rule names. */
        @GetMapping("/api/unlisted")
        Caller unlisted(Caller caller) {
            return caller;
        }
    }

    // --- requests

    protected int port() {
        return port;
    }

    protected HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    protected HttpResponse<String> get(String path, String... headers) {
        return send(request(path).GET(), headers);
    }

    protected HttpResponse<String> postJson(String path, String json, String... headers) {
        return send(
                request(path)
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .header("Content-Type", "application/json"),
                headers);
    }

    protected HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the server answered to a raw HTTP/1.1 request. */
    protected record RawResponse(int status, String contentType, String body) {}

    /**
     * Sends a request line as given, which may be one that no HTTP client would send (a malformed URI, a bad method),
     * with a {@code Host} header and nothing else.
     */
    protected RawResponse sendRaw(String requestLine) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream()
                    .write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            String head = response.substring(0, headersEnd);
            String contentType = head.lines()
                    .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                    .map(line -> line.substring("content-type:".length()).strip())
                    .findFirst()
                    .orElse("");
            return new RawResponse(
                    Integer.parseInt(head.substring(9, 12)), contentType, response.substring(headersEnd + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    protected static String[] basic(String user, String password) {
        return new String[] {
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))
        };
    }

    protected static String[] administrator() {
        return basic(ADMIN_USER, ADMIN_PASSWORD);
    }

    protected static String[] join(String[]... headers) {
        return java.util.Arrays.stream(headers)
                .flatMap(java.util.Arrays::stream)
                .toArray(String[]::new);
    }

    // --- assertions

    /** Asserts the response is a problem of the status and type, with a title and a detail; returns the detail. */
    protected static String assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .as(response.body())
                .hasValue("application/problem+json");
        assertThat(JsonPath.<Map<String, Object>>read(response.body(), "$"))
                .as(response.body())
                .containsKeys("type", "title", "status", "detail", "instance");
        assertThat(JsonPath.<String>read(response.body(), "$.type")).isEqualTo("urn:flash-sale:problem:" + type);
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.title")).isNotBlank();
        String detail = JsonPath.read(response.body(), "$.detail");
        assertThat(detail).isNotBlank();
        return detail;
    }

    protected static <T> T json(HttpResponse<String> response, String path) {
        return JsonPath.read(response.body(), path);
    }
}
