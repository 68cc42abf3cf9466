package dev.flashsale.api.node;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import dev.flashsale.api.grid.ApiGrid;
import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.cluster.MemberConfigFactory;
import dev.flashsale.cluster.PersistentMember;
import dev.flashsale.engine.grid.GridCatalogue;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.grid.LedgerReaper;
import dev.flashsale.engine.grid.LoadedEntryBackups;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.catalogue.CatalogueReads;
import dev.flashsale.persistence.grid.PersistenceGrid;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node's embedded member and the engine on it.
 *
 * <p>The database comes first: {@link Database} checks the connection budget and migrates the primary, and the member's
 * configuration carries the map stores of {@link PersistenceGrid}. This class declares the member's {@link Config};
 * Spring Boot's Hazelcast auto-configuration (module {@code
 * spring-boot-hazelcast}, through {@code spring-boot-starter-hazelcast}) starts the {@link HazelcastInstance} from
 * that single {@code Config} bean, and shuts it down (gracefully: {@link HazelcastInstance#shutdown()}) when the
 * context closes.
 *
 * <p>Shutdown order on SIGTERM: the web server stops taking requests and finishes those in flight, then the {@link
 * LedgerReaper} and the {@link GridInventory} close, {@link NodePersistence} writes the pending orders this member
 * owns, and only then does the member leave the cluster, handing its partitions over; the database pools close last. Hazelcast's own JVM shutdown hook is therefore switched off here: it would race the context and
 * take the member away from requests still in flight.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NodeProperties.class, DatabaseProperties.class, PersistenceProperties.class})
class NodeConfiguration {

    @Bean
    ClusterSettings clusterSettings(NodeProperties properties) {
        return properties.toClusterSettings();
    }

    /**
     * The pools to the primary and the replica, after the budget check and the migrations, reporting HikariCP's meters.
     * Closed last.
     */
    @Bean(destroyMethod = "close")
    Database database(DatabaseProperties properties, ClusterSettings settings, MeterRegistry registry) {
        return Database.start(properties.toSettings(settings.members().size()), registry);
    }

    @Bean
    PersistentMember persistentMember(
            ClusterSettings settings, Database database, PersistenceProperties persistence, MeterRegistry registry) {
        PersistentMember member = MemberConfigFactory.build(settings, database, persistence.toSettings(), registry);
        member.config().setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
        ApiGrid.configure(member.config(), settings.engine().backupCount());
        MemberConfigFactory.protect(member.config(), settings, ApiGrid.PROTECTED_MAPS);
        return member;
    }

    @Bean
    Config hazelcastConfig(PersistentMember member) {
        return member.config();
    }

    /** Closed by {@link NodePersistence}, before the member leaves. */
    @Bean(destroyMethod = "")
    PersistenceGrid persistenceGrid(PersistentMember member) {
        return member.persistence();
    }

    @Bean(destroyMethod = "close")
    NodePersistence nodePersistence(PersistenceGrid persistence, HazelcastInstance hazelcast) {
        return new NodePersistence(persistence, hazelcast);
    }

    @Bean
    CatalogueReads catalogueReads(Database database, DatabaseProperties properties, MeterRegistry registry) {
        return new CatalogueReads(database, properties.toCatalogueReadSettings(), registry);
    }

    @Bean(destroyMethod = "close")
    GridInventory gridInventory(HazelcastInstance hazelcast, ClusterSettings settings) {
        return new GridInventory(hazelcast, settings.engine());
    }

    /** The product catalogue in the grid, near-cached on this member. */
    @Bean
    GridCatalogue gridCatalogue(HazelcastInstance hazelcast, ClusterSettings settings) {
        return new GridCatalogue(hazelcast, settings.engine());
    }

    /**
     * On shutdown, refuses new connections and closes each open one after its next answer for
     * {@code inventory.node.shutdown-drain} (default 0: off) before the web server's graceful shutdown; see
     * {@link ShutdownDrain}.
     */
    @Bean
    ShutdownDrain shutdownDrain(@Value("${inventory.node.shutdown-drain:0s}") Duration drain) {
        return new ShutdownDrain(drain);
    }

    @Bean(destroyMethod = "close")
    LedgerReaper ledgerReaper(HazelcastInstance hazelcast, GridInventory inventory, ClusterSettings settings) {
        return LedgerReaper.start(hazelcast, inventory, settings.engine());
    }

    /** Backs up the rules and catalogue entries that reads load on this member (Hazelcast does not). */
    @Bean(destroyMethod = "close")
    LoadedEntryBackups loadedEntryBackups(
            HazelcastInstance hazelcast, ClusterSettings settings, PersistenceProperties persistence) {
        return LoadedEntryBackups.start(
                hazelcast, settings.engine(), persistence.toSettings().loadAllStockOnStart());
    }
}
