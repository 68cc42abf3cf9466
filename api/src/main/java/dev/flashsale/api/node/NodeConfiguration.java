package dev.flashsale.api.node;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.cluster.MemberConfigFactory;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.grid.LedgerReaper;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node's embedded member and the engine on it.
 *
 * <p>This class declares only the member's {@link Config}. Spring Boot's Hazelcast auto-configuration (module {@code
 * spring-boot-hazelcast}, through {@code spring-boot-starter-hazelcast}) starts the {@link HazelcastInstance} from
 * that single {@code Config} bean, and shuts it down (gracefully: {@link HazelcastInstance#shutdown()}) when the
 * context closes.
 *
 * <p>Shutdown order on SIGTERM: the web server stops taking requests and finishes those in flight, then the {@link
 * LedgerReaper} and the {@link GridInventory} close, and only then does the member leave the cluster, handing its
 * partitions over. Hazelcast's own JVM shutdown hook is therefore switched off here: it would race the context and
 * take the member away from requests still in flight.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeProperties.class)
class NodeConfiguration {

    @Bean
    ClusterSettings clusterSettings(NodeProperties properties) {
        return properties.toClusterSettings();
    }

    @Bean
    Config hazelcastConfig(ClusterSettings settings) {
        Config config = MemberConfigFactory.build(settings);
        config.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
        return config;
    }

    @Bean(destroyMethod = "close")
    GridInventory gridInventory(HazelcastInstance hazelcast, ClusterSettings settings) {
        return new GridInventory(hazelcast, settings.engine());
    }

    @Bean(destroyMethod = "close")
    LedgerReaper ledgerReaper(HazelcastInstance hazelcast, GridInventory inventory, ClusterSettings settings) {
        return LedgerReaper.start(hazelcast, inventory, settings.engine());
    }

    @Bean
    GridHealthIndicator gridHealthIndicator(HazelcastInstance hazelcast) {
        return new GridHealthIndicator(hazelcast);
    }
}
