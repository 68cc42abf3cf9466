package dev.flashsale.api.idempotency;

import java.util.Objects;

/**
 * A buyer's request as remembered under its {@code Idempotency-Key}: what it asked ({@code fingerprint}), who runs it
 * now ({@code claimToken} of the attempt, on member {@code ownerMember}; empty when nobody does), the order it creates,
 * and — once answered — the answer.
 *
 * <p>Invariants: an answered request has an HTTP status ({@code status > 0}) and a body. Immutable and thread-safe.
 *
 * @param fingerprint what the request asked, as {@link RequestFingerprint} computes it
 * @param claimToken the attempt that runs it; a new attempt that takes over gets a new token
 * @param ownerMember the UUID of the member whose node runs the attempt, or empty
 * @param orderId the order (and hold) this request creates; the same through every attempt
 * @param startedAtMillis when the first attempt started; the time base of the request's hold
 * @param status the answer's HTTP status, or 0 while unanswered
 * @param body the answer's JSON body, or empty while unanswered
 * @param location the answer's {@code Location} header, or empty
 */
public record RememberedRequest(
        String fingerprint,
        String claimToken,
        String ownerMember,
        long orderId,
        long startedAtMillis,
        int status,
        String body,
        String location) {

    public RememberedRequest {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(ownerMember, "ownerMember");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(location, "location");
        if (orderId < 1 || status < 0 || (status > 0 && body.isEmpty())) {
            throw new IllegalArgumentException("a remembered request has an order id, and an answer has a body");
        }
    }

    static RememberedRequest started(
            String fingerprint, String claimToken, String ownerMember, long orderId, long startedAtMillis) {
        return new RememberedRequest(fingerprint, claimToken, ownerMember, orderId, startedAtMillis, 0, "", "");
    }

    public boolean answered() {
        return status > 0;
    }

    RememberedRequest ownedBy(String token, String member) {
        return new RememberedRequest(fingerprint, token, member, orderId, startedAtMillis, status, body, location);
    }

    RememberedRequest answeredWith(StoredAnswer answer) {
        return new RememberedRequest(
                fingerprint,
                claimToken,
                ownerMember,
                orderId,
                startedAtMillis,
                answer.status(),
                answer.body(),
                answer.location());
    }

    StoredAnswer answer() {
        return new StoredAnswer(status, body, location);
    }
}
