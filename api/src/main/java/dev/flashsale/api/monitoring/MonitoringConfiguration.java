package dev.flashsale.api.monitoring;

import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.api.idempotency.RequestMemory;
import dev.flashsale.engine.grid.InventoryMaps;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.catalogue.CatalogueReads;
import dev.flashsale.persistence.grid.PersistenceGrid;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the node tells its operators: the health components of {@code /actuator/health}, and the grid's and the virtual
 * threads' meters for {@code /actuator/prometheus} (the rest comes from Spring Boot, HikariCP through {@link Database},
 * and the persistence layer). {@code docs/operations.md} lists them.
 *
 * <p>Health components, named after their beans: {@code grid} ({@link GridHealthIndicator}), the one that can make the
 * node DOWN or OUT_OF_SERVICE; {@code primary}, {@code replica} and {@code persistence}, which never do, because the
 * node keeps selling while the database is down (see {@link DatabaseStatus}).
 */
@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

    /** The maps whose local statistics are published, tagged by name. */
    static final List<String> MAPS =
            List.of(InventoryMaps.STOCK, InventoryMaps.ORDERS, InventoryMaps.LEDGERS, RequestMemory.MAP);

    @Bean
    GridHealthIndicator gridHealthIndicator(HazelcastInstance hazelcast) {
        return new GridHealthIndicator(hazelcast);
    }

    @Bean
    PrimaryHealthIndicator primaryHealthIndicator(Database database) {
        return new PrimaryHealthIndicator(database);
    }

    @Bean
    ReplicaHealthIndicator replicaHealthIndicator(CatalogueReads catalogueReads) {
        return new ReplicaHealthIndicator(catalogueReads);
    }

    @Bean
    PersistenceHealthIndicator persistenceHealthIndicator(PersistenceGrid persistenceGrid) {
        return new PersistenceHealthIndicator(persistenceGrid);
    }

    @Bean
    GridMapMetrics gridMapMetrics(HazelcastInstance hazelcast) {
        return new GridMapMetrics(hazelcast, MAPS);
    }

    @Bean(destroyMethod = "close")
    VirtualThreadMeters virtualThreadMeters() {
        return new VirtualThreadMeters();
    }
}
