package dev.flashsale.api.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.engine.grid.EngineSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

class NodePropertiesTest {

    @Test
    void theApplicationsDefaultsAreNode1OfTheLocalDeployment() throws IOException {
        ClusterSettings settings = bind(applicationProperties()).toClusterSettings();

        assertThat(settings)
                .isEqualTo(ClusterSettings.of(
                                "flash-sale",
                                "127.0.0.1",
                                5701,
                                List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5700"))
                        .withMinimumClusterSize(2));
    }

    @Test
    void splitBrainProtectionIsOnByDefaultAndCanBeSwitchedOff() throws IOException {
        Map<String, Object> properties = applicationProperties();
        assertThat(bind(properties).toClusterSettings().splitBrainProtected()).isTrue();

        properties.put("inventory.node.minimum-cluster-size", "1");
        assertThat(bind(properties).toClusterSettings().splitBrainProtected()).isFalse();

        properties.put("inventory.node.minimum-cluster-size", "4");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> bind(properties).toClusterSettings())
                .withMessageContaining("minimumClusterSize");
    }

    @Test
    void bindsEveryTunable() throws IOException {
        Map<String, Object> properties = applicationProperties();
        properties.put("inventory.node.port", "5702");
        properties.put("inventory.node.heartbeat-interval", "2s");
        properties.put("inventory.node.max-no-heartbeat", "8s");
        properties.put("inventory.node.partition-count", "71");
        properties.put("inventory.node.metrics-enabled", "false");
        properties.put("inventory.node.graceful-shutdown-max-wait", "20s");
        properties.put("inventory.node.management-center.trusted-interfaces", "10.0.0.*,127.0.0.1");
        properties.put("inventory.node.engine.backup-count", "2");
        properties.put("inventory.node.engine.call-deadline", "10s");
        properties.put("inventory.node.engine.claim-grace", "15s");

        ClusterSettings settings = bind(properties).toClusterSettings();

        assertThat(settings.memberPort()).isEqualTo(5702);
        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.maxNoHeartbeat()).isEqualTo(Duration.ofSeconds(8));
        assertThat(settings.partitionCount()).isEqualTo(71);
        assertThat(settings.metricsEnabled()).isFalse();
        assertThat(settings.gracefulShutdownMaxWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.managementCenterTrustedInterfaces()).isEqualTo(Set.of("10.0.0.*", "127.0.0.1"));
        assertThat(settings.engine())
                .isEqualTo(EngineSettings.DEFAULTS
                        .withBackupCount(2)
                        .withClaimGrace(Duration.ofSeconds(15), Duration.ofSeconds(10)));
    }

    @Test
    void refusesToStartWithoutTheMembersIdentity() {
        NodeProperties properties = bind(new HashMap<>(Map.of("inventory.node.cluster-name", "flash-sale")));

        assertThatIllegalArgumentException()
                .isThrownBy(properties::toClusterSettings)
                .withMessageContaining("inventory.node.");
    }

    @Test
    void refusesInvalidSettings() throws IOException {
        Map<String, Object> properties = applicationProperties();
        properties.put("inventory.node.max-no-heartbeat", "60s");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> bind(properties).toClusterSettings())
                .withMessageContaining("maxNoHeartbeat");
    }

    private static NodeProperties bind(Map<String, Object> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("inventory.node", NodeProperties.class);
    }

    private static Map<String, Object> applicationProperties() throws IOException {
        Map<String, Object> properties = new HashMap<>();
        for (PropertySource<?> source : new PropertiesPropertySourceLoader()
                .load("application", new ClassPathResource("application.properties"))) {
            Map<?, ?> values = (Map<?, ?>) source.getSource();
            values.forEach((name, value) -> properties.put(name.toString(), value.toString()));
        }
        return properties;
    }
}
