package dev.flashsale.api.order;

import dev.flashsale.api.idempotency.StoredAnswer;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An answer of the purchase saga, ready for HTTP: status, JSON body (a problem for an error), {@code Location} (empty
 * for none), {@code Retry-After} seconds, and whether the answer is final — remembered under the request's
 * idempotency key and replayed — or may change when the buyer retries (the node was overloaded, the grid or the
 * payment provider did not answer), and its outcome for the metrics ({@code sold}, {@code sold_out}, {@code declined},
 * …). Immutable and thread-safe.
 */
public record Reply(
        int status, String body, String location, OptionalInt retryAfterSeconds, boolean fin, String outcome) {

    public Reply {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(retryAfterSeconds, "retryAfterSeconds");
    }

    static Reply replay(StoredAnswer answer) {
        return new Reply(answer.status(), answer.body(), answer.location(), OptionalInt.empty(), true, "replayed");
    }

    public boolean success() {
        return status < 300;
    }

    StoredAnswer stored() {
        return new StoredAnswer(status, body, location);
    }
}
