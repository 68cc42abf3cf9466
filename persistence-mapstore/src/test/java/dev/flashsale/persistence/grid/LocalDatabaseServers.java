package dev.flashsale.persistence.grid;

import java.time.Duration;
import java.util.Map;

/**
 * Stops and starts the local database servers through {@code scripts/db}, run from the root of the checkout, for
 * fault tests. Only for the servers that {@code scripts/db} manages on this machine.
 */
final class LocalDatabaseServers {

    private LocalDatabaseServers() {}

    /** {@code scripts/db stop primary}: a graceful shutdown; returns when the server has exited. */
    static void stopPrimary() {
        run("stop", "primary");
    }

    /** {@code scripts/db start primary}: idempotent; returns when the server accepts connections. */
    static void startPrimary() {
        run("start", "primary");
    }

    private static void run(String... arguments) {
        DbScript.run(Map.of(), Duration.ofSeconds(180), arguments);
    }
}
