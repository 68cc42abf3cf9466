package dev.flashsale.api.idempotency;

import java.util.Objects;

/**
 * An answer to remember and replay: HTTP status, JSON body and {@code Location} (empty for none). The content type
 * follows from the status: {@code application/json} for a success, {@code application/problem+json} otherwise.
 * Immutable and thread-safe.
 */
public record StoredAnswer(int status, String body, String location) {

    public StoredAnswer {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(location, "location");
        if (status < 200 || status > 599 || body.isEmpty()) {
            throw new IllegalArgumentException("an answer has an HTTP status and a body: " + status);
        }
    }

    public boolean success() {
        return status < 300;
    }
}
