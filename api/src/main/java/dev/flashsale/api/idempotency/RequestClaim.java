package dev.flashsale.api.idempotency;

/** What {@link RequestMemory#claim} found for a key. Immutable and thread-safe. */
public sealed interface RequestClaim {

    /**
     * This attempt runs the request: a new one, or one whose earlier attempt was abandoned or whose node left
     * ({@code resumed}). Every step it takes must be idempotent by {@code orderId}.
     */
    record Run(String key, String claimToken, long orderId, long startedAtMillis, boolean resumed)
            implements RequestClaim {}

    /** The request was answered: replay the answer. */
    record Replay(StoredAnswer answer) implements RequestClaim {}

    /** The key was used for a request that asked something else. */
    record KeyReused() implements RequestClaim {}

    /** Another attempt of the same request runs now, on a live node. */
    record Running() implements RequestClaim {}
}
