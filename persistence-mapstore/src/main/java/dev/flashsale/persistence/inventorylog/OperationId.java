package dev.flashsale.persistence.inventorylog;

/**
 * The identity of one stock operation in the inventory log: 1 to 64 printable ASCII characters without spaces (the
 * engine's 32 hex digit op ids fit). An operation is recorded once, whatever number of times it is written.
 *
 * <p>Immutable and thread-safe.
 */
public record OperationId(String value) {

    public OperationId {
        if (value == null || value.isEmpty() || value.length() > 64) {
            throw new IllegalArgumentException("an operation id has 1 to 64 characters: " + value);
        }
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            if (character < '!' || character > '~') {
                throw new IllegalArgumentException("an operation id is printable ASCII without spaces: " + value);
            }
        }
    }

    public static OperationId of(String value) {
        return new OperationId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
