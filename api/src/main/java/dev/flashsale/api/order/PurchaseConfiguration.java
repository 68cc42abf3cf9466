package dev.flashsale.api.order;

import com.hazelcast.core.HazelcastInstance;
import dev.flashsale.api.idempotency.RequestMemory;
import dev.flashsale.api.payment.PaymentGateway;
import dev.flashsale.api.payment.SimulatedPaymentGateway;
import dev.flashsale.api.product.SoldOutProducts;
import dev.flashsale.cluster.ClusterSettings;
import dev.flashsale.engine.grid.GridInventory;
import dev.flashsale.engine.grid.GridOrders;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.order.OrderDao;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The purchase saga and what it needs: the grid's orders, the remembered requests, the payment provider. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PurchaseProperties.class)
class PurchaseConfiguration {

    /** Order ids (also hold ids): unique across the cluster, positive, roughly in time order. */
    static final String ORDER_IDS = "inventory.order-ids";

    @Bean
    PurchaseSettings purchaseSettings(PurchaseProperties properties) {
        return properties.toSettings();
    }

    @Bean
    GridOrders gridOrders(HazelcastInstance hazelcast, ClusterSettings settings) {
        return new GridOrders(hazelcast, settings.engine());
    }

    @Bean
    RequestMemory requestMemory(HazelcastInstance hazelcast, ClusterSettings cluster, PurchaseSettings settings) {
        return new RequestMemory(
                hazelcast, cluster.engine().callDeadline(), settings.takeOverAfter(), Clock.systemUTC());
    }

    @Bean
    PaymentGateway paymentGateway(HazelcastInstance hazelcast, ClusterSettings cluster, PurchaseProperties properties) {
        return new SimulatedPaymentGateway(
                hazelcast, properties.payment().toSettings(), cluster.engine().callDeadline());
    }

    @Bean
    OrderDao orderDao(Database database) {
        return new OrderDao(database.primary());
    }

    @Bean
    Replies replies(JsonMapper json) {
        return new Replies(json);
    }

    @Bean
    Purchases purchases(
            GridInventory inventory,
            GridOrders orders,
            PaymentGateway payments,
            RequestMemory requests,
            HazelcastInstance hazelcast,
            Replies replies,
            PurchaseSettings settings,
            SoldOutProducts soldOut,
            MeterRegistry registry) {
        var ids = hazelcast.getFlakeIdGenerator(ORDER_IDS);
        return new Purchases(
                inventory,
                orders,
                payments,
                requests,
                new OrderIds(ids::newId),
                new PurchaseAdmission(settings.maxInFlight(), settings.admissionWait(), registry),
                replies,
                settings,
                soldOut,
                Clock.systemUTC(),
                registry);
    }

    @Bean(destroyMethod = "close")
    OpenOrderSweeper openOrderSweeper(GridOrders orders, Purchases purchases, PurchaseSettings settings) {
        return new OpenOrderSweeper(orders, purchases, settings, Clock.systemUTC());
    }
}
