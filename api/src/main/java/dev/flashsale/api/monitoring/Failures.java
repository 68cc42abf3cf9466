package dev.flashsale.api.monitoring;

/** Says what went wrong, for a health detail. Stateless. */
final class Failures {

    /** Causes followed at most, against cycles. */
    private static final int MAX_DEPTH = 16;

    private Failures() {}

    /**
     * The outermost and the innermost message of a failure's causes (a pool's "Connection is not available" and the
     * "Connection refused" under it), or its type when none has a message.
     */
    static String describe(Throwable failure) {
        String outermost = null;
        Throwable innermost = failure;
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
            if (outermost == null && hasText(cause.getMessage())) {
                outermost = cause.getMessage().strip();
            }
            innermost = cause;
            cause = cause.getCause();
        }
        if (outermost == null) {
            return failure.getClass().getSimpleName();
        }
        String root = hasText(innermost.getMessage()) ? innermost.getMessage().strip() : outermost;
        return root.equals(outermost) ? outermost : outermost + ": " + root;
    }

    private static boolean hasText(String message) {
        return message != null && !message.isBlank();
    }
}
