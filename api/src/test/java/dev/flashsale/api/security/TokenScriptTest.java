package dev.flashsale.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.webtest.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** {@code scripts/token} prints tokens that the application's decoder accepts, and refuses bad arguments. */
class TokenScriptTest {

    private static final Path SCRIPT =
            Path.of("..", "scripts", "token").toAbsolutePath().normalize();

    @Test
    void printsATokenTheApplicationAcceptsForTheUser() {
        Result result = run(Map.of(), "buyer-7", "120");
        Instant now = Instant.now();

        assertThat(result.exitCode()).as(result.error()).isZero();
        Jwt jwt = BuyerTokenDecoderTest.decoder(TestTokens.SECRET, now)
                .decode(result.output().strip());
        assertThat(jwt.getSubject()).isEqualTo("buyer-7");
        assertThat(jwt.getExpiresAt()).isBetween(now.plusSeconds(110), now.plusSeconds(125));
        assertThat(jwt.getHeaders()).containsEntry("alg", "HS256");
    }

    @Test
    void expiresInADayByDefault() {
        Result result = run(Map.of(), "buyer-7");
        Instant now = Instant.now();

        Jwt jwt = BuyerTokenDecoderTest.decoder(TestTokens.SECRET, now)
                .decode(result.output().strip());
        assertThat(jwt.getExpiresAt()).isBetween(now.plusSeconds(86_390), now.plusSeconds(86_405));
    }

    @Test
    void signsWithTheSecretOfTheEnvironmentWhenSet() {
        Result result = run(Map.of("INVENTORY_JWT_SECRET", TestTokens.OTHER_SECRET), "buyer-7", "60");

        String token = result.output().strip();
        assertThat(BuyerTokenDecoderTest.decoder(TestTokens.OTHER_SECRET, Instant.now())
                        .decode(token)
                        .getSubject())
                .isEqualTo("buyer-7");
        assertThat(isAccepted(token, TestTokens.SECRET)).isFalse();
    }

    @Test
    void refusesAnInvalidUserIdOrLifetime() {
        for (String[] arguments : new String[][] {
            {}, {""}, {"with space"}, {"quote\""}, {"u".repeat(129)}, {"buyer-7", "0"}, {"buyer-7", "soon"}
        }) {
            Result result = run(Map.of(), arguments);

            assertThat(result.exitCode()).as(String.join(" ", arguments)).isNotZero();
            assertThat(result.output()).isEmpty();
            assertThat(result.error()).contains("error:");
        }
    }

    @Test
    void refusesASecretShorterThan32Bytes() {
        Result result = run(Map.of("INVENTORY_JWT_SECRET", "short"), "buyer-7");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.error()).contains("32 bytes");
    }

    private static boolean isAccepted(String token, String secret) {
        try {
            BuyerTokenDecoderTest.decoder(secret, Instant.now()).decode(token);
            return true;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    private record Result(int exitCode, String output, String error) {}

    private static Result run(Map<String, String> environment, String... arguments) {
        try {
            String[] command = new String[arguments.length + 2];
            command[0] = "bash";
            command[1] = SCRIPT.toString();
            System.arraycopy(arguments, 0, command, 2, arguments.length);
            Path output = Files.createTempFile("token", ".out");
            Path error = Files.createTempFile("token", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(output.toFile())
                        .redirectError(error.toFile());
                builder.environment().remove("INVENTORY_JWT_SECRET");
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("scripts/token did not finish in 30 s");
                }
                return new Result(
                        process.exitValue(),
                        Files.readString(output, StandardCharsets.UTF_8),
                        Files.readString(error, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(error);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
