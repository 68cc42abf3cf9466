package dev.flashsale.api.idempotency;

import java.util.Optional;

/** The rule for an {@code Idempotency-Key} header: 1 to 255 printable ASCII characters. Stateless. */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {}

    /** Why {@code key} is not a valid idempotency key, or empty when it is. */
    public static Optional<String> problemWith(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("the Idempotency-Key header is required: 1 to 255 printable characters that identify"
                    + " this request among your requests (a UUID will do)");
        }
        if (key.length() > MAX_LENGTH) {
            return Optional.of("the Idempotency-Key header has " + key.length() + " characters; at most " + MAX_LENGTH);
        }
        for (int index = 0; index < key.length(); index++) {
            char character = key.charAt(index);
            if (character < 0x20 || character > 0x7E) {
                return Optional.of("the Idempotency-Key header may hold printable ASCII characters only; character "
                        + (index + 1) + " is not");
            }
        }
        if (key.isBlank()) {
            return Optional.of("the Idempotency-Key header must not be blank");
        }
        return Optional.empty();
    }
}
