package dev.flashsale.persistence.grid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code scripts/db} from the root of the checkout for fault tests, its output on the test's, and fails the test
 * when it fails or does not finish in time.
 */
final class DbScript {

    private DbScript() {}

    /** The root of the checkout: the first directory above the working directory with an executable scripts/db. */
    static Path checkoutRoot() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isExecutable(directory.resolve("scripts/db"))) {
                return directory;
            }
        }
        throw new IllegalStateException("no scripts/db above " + Path.of("").toAbsolutePath());
    }

    /** {@code scripts/db ARGUMENTS...} with {@code environment} added to this JVM's, within {@code limit}. */
    static void run(Map<String, String> environment, Duration limit, String... arguments) {
        Path root = checkoutRoot();
        List<String> command = new ArrayList<>();
        command.add(root.resolve("scripts/db").toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                throw new IllegalStateException(command + " did not finish within " + limit.toSeconds() + " s");
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
}
