package dev.flashsale.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.webtest.ApiHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The web application starts only with usable identity settings; the local profile supplies them. */
class StartUpTest {

    @Test
    void refusesToStartOutsideTheLocalProfileWithoutTheVariables() {
        assertThatThrownBy(() -> start(
                                "--inventory.security.jwt-secret=",
                                "--inventory.security.admin-user=",
                                "--inventory.security.admin-password=")
                        .close())
                .rootCause()
                .isInstanceOf(InvalidSecuritySettingsException.class)
                .hasMessageContaining("INVENTORY_JWT_SECRET")
                .hasMessageContaining("INVENTORY_ADMIN_USER")
                .hasMessageContaining("INVENTORY_ADMIN_PASSWORD");
    }

    @Test
    void refusesToStartWithAShortSecret() {
        assertThatThrownBy(() -> start(
                                "--inventory.security.jwt-secret=short",
                                "--inventory.security.admin-user=admin",
                                "--inventory.security.admin-password=a-long-password")
                        .close())
                .rootCause()
                .isInstanceOf(InvalidSecuritySettingsException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void startsInTheLocalProfile() {
        try (ConfigurableApplicationContext context = start("--spring.profiles.active=local")) {
            assertThat(context.getBean(SecuritySettings.class)).isNotNull();
        }
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(ApiHttpTest.WebApplication.class)
                .registerShutdownHook(false)
                .run(concat(arguments, "--server.port=0", "--server.address=127.0.0.1"));
    }

    private static String[] concat(String[] arguments, String... more) {
        String[] all = new String[arguments.length + more.length];
        System.arraycopy(arguments, 0, all, 0, arguments.length);
        System.arraycopy(more, 0, all, arguments.length, more.length);
        return all;
    }
}
