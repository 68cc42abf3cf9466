package dev.flashsale.api.problem;

/** Looks through a chain of causes. Stateless. */
final class Causes {

    private static final int MAX_DEPTH = 32;

    private Causes() {}

    /** The first throwable of the type in the chain from {@code failure} through its causes, or null. */
    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause();
        }
        return null;
    }
}
