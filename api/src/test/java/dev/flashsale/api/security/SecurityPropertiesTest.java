package dev.flashsale.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The identity settings: what start-up refuses outside the local profile, and what the local profile supplies. */
class SecurityPropertiesTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void refusesToStartWithoutAnyIdentitySetting() {
        assertThatExceptionOfType(InvalidSecuritySettingsException.class)
                .isThrownBy(() -> new SecurityProperties(null, null, null).toSettings(false))
                .withMessageContaining("INVENTORY_JWT_SECRET (inventory.security.jwt-secret) is not set")
                .withMessageContaining("INVENTORY_ADMIN_USER (inventory.security.admin-user) is not set")
                .withMessageContaining("INVENTORY_ADMIN_PASSWORD (inventory.security.admin-password) is not set");
    }

    @Test
    void applicationPropertiesTakeEverySettingFromTheEnvironmentWithoutDefault() throws IOException {
        Map<String, Object> properties = properties("application.properties");

        assertThat(properties)
                .containsEntry("inventory.security.jwt-secret", "${INVENTORY_JWT_SECRET:}")
                .containsEntry("inventory.security.admin-user", "${INVENTORY_ADMIN_USER:}")
                .containsEntry("inventory.security.admin-password", "${INVENTORY_ADMIN_PASSWORD:}");
        properties.replaceAll((name, value) -> resolveWithoutEnvironment(value.toString()));
        assertThatExceptionOfType(InvalidSecuritySettingsException.class)
                .isThrownBy(() -> bind(properties).toSettings(false))
                .satisfies(failure -> assertThat(failure.problems()).hasSize(3));
    }

    @Test
    void namesOnlyTheMissingVariable() {
        assertThatExceptionOfType(InvalidSecuritySettingsException.class)
                .isThrownBy(() -> new SecurityProperties(SECRET, "admin", null).toSettings(false))
                .withMessageContaining("INVENTORY_ADMIN_PASSWORD")
                .withMessageNotContaining("INVENTORY_JWT_SECRET")
                .withMessageNotContaining("INVENTORY_ADMIN_USER");
    }

    @Test
    void refusesASecretShorterThan32Bytes() {
        assertThatExceptionOfType(InvalidSecuritySettingsException.class)
                .isThrownBy(
                        () -> new SecurityProperties("too-short-secret", "admin", "a-long-password").toSettings(false))
                .withMessageContaining("INVENTORY_JWT_SECRET")
                .withMessageContaining("is 16 bytes")
                .withMessageContaining("at least 32 bytes");
    }

    @Test
    void countsTheSecretInUtf8Bytes() {
        String sixteenCharactersOfTwoBytes = "é".repeat(16);

        assertThat(new SecurityProperties(sixteenCharactersOfTwoBytes, "admin", "a-long-password").toSettings(false))
                .isNotNull();
    }

    @Test
    void refusesAShortAdministratorPasswordOutsideTheLocalProfile() {
        assertThatExceptionOfType(InvalidSecuritySettingsException.class)
                .isThrownBy(() -> new SecurityProperties(SECRET, "admin", "admin-local").toSettings(false))
                .withMessageContaining("INVENTORY_ADMIN_PASSWORD")
                .withMessageContaining("too short")
                .withMessageContaining("at least 12");
    }

    @Test
    void refusesAnAdministratorNameThatBasicCannotCarry() {
        assertThatExceptionOfType(InvalidSecuritySettingsException.class)
                .isThrownBy(() -> new SecurityProperties(SECRET, "ad:min", "a-long-password").toSettings(false))
                .withMessageContaining("INVENTORY_ADMIN_USER");
    }

    @Test
    void theLocalProfileSuppliesEverySettingAndStarts() throws IOException {
        Map<String, Object> properties = properties("application.properties");
        properties.putAll(properties("application-local.properties"));
        properties.replaceAll((name, value) -> resolveWithoutEnvironment(value.toString()));

        SecurityProperties local = bind(properties);
        SecuritySettings settings = local.toSettings(true);

        assertThat(local.jwtSecret()).isEqualTo("local-flash-sale-jwt-secret-0123456789abcdef");
        assertThat(settings.adminUser()).isEqualTo("admin");
        assertThat(settings.isAdministrator("admin", "admin-local")).isTrue();
        assertThatExceptionOfType(InvalidSecuritySettingsException.class)
                .isThrownBy(() -> local.toSettings(false))
                .withMessageContaining("too short");
    }

    @Test
    void checksTheAdministratorsCredentialsExactly() {
        SecuritySettings settings = new SecurityProperties(SECRET, "admin", "a-long-password").toSettings(false);

        assertThat(settings.isAdministrator("admin", "a-long-password")).isTrue();
        assertThat(settings.isAdministrator("admin", "a-long-passwore")).isFalse();
        assertThat(settings.isAdministrator("admin", "a-long-password ")).isFalse();
        assertThat(settings.isAdministrator("Admin", "a-long-password")).isFalse();
        assertThat(settings.isAdministrator("", "")).isFalse();
    }

    @Test
    void showsNoSecretInItsTextForm() {
        SecurityProperties properties = new SecurityProperties(SECRET, "admin", "a-long-password");

        assertThat(properties.toString()).doesNotContain(SECRET).doesNotContain("a-long-password");
        assertThat(properties.toSettings(false).toString())
                .doesNotContain(SECRET)
                .doesNotContain("a-long-password");
    }

    @Test
    void explainsAFailedStartUpWithTheProblemsAndTheFix() {
        InvalidSecuritySettingsException failure = new InvalidSecuritySettingsException(
                List.of("INVENTORY_JWT_SECRET is not set", "INVENTORY_ADMIN_USER is not set"));

        FailureAnalysis analysis =
                new SecuritySettingsFailureAnalyzer().analyze(new IllegalStateException("context failed", failure));

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription())
                .contains("INVENTORY_JWT_SECRET is not set")
                .contains("INVENTORY_ADMIN_USER is not set");
        assertThat(analysis.getAction()).contains("local");
    }

    private static SecurityProperties bind(Map<String, Object> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("inventory.security", SecurityProperties.class);
    }

    /** A {@code ${VARIABLE:default}} placeholder as it resolves when the environment has no such variable. */
    private static String resolveWithoutEnvironment(String value) {
        return value.startsWith("${") && value.endsWith("}")
                ? value.substring(value.indexOf(':') + 1, value.length() - 1)
                : value;
    }

    private static Map<String, Object> properties(String file) throws IOException {
        Map<String, Object> properties = new HashMap<>();
        for (PropertySource<?> source : new PropertiesPropertySourceLoader().load(file, new ClassPathResource(file))) {
            Map<?, ?> values = (Map<?, ?>) source.getSource();
            values.forEach((name, value) -> properties.put(name.toString(), value.toString()));
        }
        return properties;
    }
}
