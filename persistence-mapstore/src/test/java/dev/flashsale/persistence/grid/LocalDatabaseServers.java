package dev.flashsale.persistence.grid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        Path root = checkoutRoot();
        List<String> command = new ArrayList<>();
        command.add(root.resolve("scripts/db").toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroy();
                throw new IllegalStateException(command + " did not finish within 180 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed with exit code " + process.exitValue());
            }
        } catch (IOException failure) {
            throw new IllegalStateException("could not run " + command, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, interrupted);
        }
    }

    private static Path checkoutRoot() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isExecutable(directory.resolve("scripts/db"))) {
                return directory;
            }
        }
        throw new IllegalStateException("no scripts/db above " + Path.of("").toAbsolutePath());
    }
}
