package dev.flashsale.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Real HTTP requests to one app node, as a buyer (bearer token), the administrator (Basic) or anyone. */
public final class ApiClient {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public ApiClient(AppNode node) {
        this.base = "http://127.0.0.1:" + node.httpPort();
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public static String administrator() {
        String credentials = AppNode.ADMIN_USER + ":" + AppNode.ADMIN_PASSWORD;
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON POST; {@code authorization} and {@code idempotencyKey} are left out when null. */
    public HttpResponse<String> post(String path, String authorization, String idempotencyKey, String json) {
        HttpRequest.Builder request = request(path, authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    public HttpResponse<String> get(String path, String authorization) {
        return send(request(path, authorization).GET().build());
    }

    public HttpResponse<String> delete(String path, String authorization) {
        return send(request(path, authorization).DELETE().build());
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
