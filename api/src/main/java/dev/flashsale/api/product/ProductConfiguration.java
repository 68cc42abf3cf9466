package dev.flashsale.api.product;

import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.engine.grid.GridCatalogue;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.grid.CatalogueAdmin;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The product feature's components on this node: the catalogue's admin, the stock event streams, the sold-out memory. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProductProperties.class)
class ProductConfiguration {

    @Bean
    CatalogueAdmin catalogueAdmin(Database database, GridCatalogue catalogue, GridInventory inventory) {
        return new CatalogueAdmin(database, catalogue, inventory);
    }

    /** A {@link org.springframework.context.SmartLifecycle}: its streams end before the web server drains. */
    @Bean
    StockEvents stockEvents(GridInventory inventory, ProductProperties properties) {
        return new StockEvents(StockSource.of(inventory), properties.toStockEventSettings());
    }

    @Bean(destroyMethod = "close")
    SoldOutProducts soldOutProducts(HazelcastInstance hazelcast, ProductProperties properties) {
        return SoldOutProducts.on(hazelcast, properties.soldOutTtl());
    }
}
