package dev.flashsale.api.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.flashsale.persistence.DatabaseSettings;
import dev.flashsale.persistence.grid.PersistenceSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class DatabasePropertiesTest {

    private static final String PRIMARY = "jdbc:mysql://127.0.0.1:3316/inventory";

    @Test
    void refusesToStartWithoutTheDatabaseAccount() {
        DatabaseProperties properties = bind(Map.of("inventory.db.primary-url", PRIMARY));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties.toSettings(2))
                .withMessageContaining("INVENTORY_DB_USER")
                .withMessageContaining("INVENTORY_DB_PASSWORD");
    }

    @Test
    void refusesToStartWithoutThePrimary() {
        DatabaseProperties properties =
                bind(Map.of("inventory.db.user", "inventory", "inventory.db.password", "secret"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties.toSettings(2))
                .withMessageContaining("INVENTORY_DB_PRIMARY_URL");
    }

    @Test
    void takesTheDefaultsForEveryTunableLeftOut() {
        DatabaseSettings settings = bind(account()).toSettings(2);

        assertThat(settings)
                .isEqualTo(DatabaseSettings.of(
                        PRIMARY, Optional.of("jdbc:mysql://127.0.0.1:3317/inventory"), "inventory", "secret"));
    }

    @Test
    void aBlankReplicaUrlMeansNoReplica() {
        Map<String, Object> properties = account();
        properties.put("inventory.db.replica-url", " ");

        assertThat(bind(properties).toSettings(2).replicaUrl()).isEmpty();
    }

    @Test
    void bindsPoolsAndBudget() {
        Map<String, Object> properties = account();
        properties.put("inventory.db.primary-pool-size", "6");
        properties.put("inventory.db.replica-pool-size", "3");
        properties.put("inventory.db.headroom", "10");
        properties.put("inventory.db.connection-budget", "150");
        properties.put("inventory.db.connection-timeout", "2s");
        properties.put("inventory.db.replica-timeout", "500ms");

        DatabaseSettings settings = bind(properties).toSettings(3);

        assertThat(settings.primaryPoolSize()).isEqualTo(6);
        assertThat(settings.replicaPoolSize()).isEqualTo(3);
        assertThat(settings.members()).isEqualTo(3);
        assertThat(settings.headroom()).isEqualTo(10);
        assertThat(settings.connectionBudget()).isEqualTo(150);
        assertThat(settings.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.replicaTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void poolsBeyondTheBudgetFailTheStartWithAClearMessage() {
        Map<String, Object> properties = account();
        properties.put("inventory.db.primary-pool-size", "200");

        DatabaseSettings settings = bind(properties).toSettings(2);

        assertThatIllegalStateException()
                .isThrownBy(settings::requireWithinConnectionBudget)
                .withMessageContaining("300");
    }

    @Test
    void bindsThePersistenceTunables() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("inventory.persistence.write-delay", "2s");
        properties.put("inventory.persistence.load-all-stock-on-start", "true");

        PersistenceSettings settings = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("inventory.persistence", PersistenceProperties.class)
                .toSettings();

        assertThat(settings.writeDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.loadAllStockOnStart()).isTrue();
        assertThat(settings.writeBatchSize()).isEqualTo(PersistenceSettings.DEFAULTS.writeBatchSize());
    }

    private static Map<String, Object> account() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("inventory.db.primary-url", PRIMARY);
        properties.put("inventory.db.replica-url", "jdbc:mysql://127.0.0.1:3317/inventory");
        properties.put("inventory.db.user", "inventory");
        properties.put("inventory.db.password", "secret");
        return properties;
    }

    private static DatabaseProperties bind(Map<String, Object> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("inventory.db", DatabaseProperties.class);
    }
}
