package dev.flashsale.api.product;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The product API's settings, bound from {@code inventory.products.*}; validated when the node starts.
 *
 * @param maxStreamsPerNode {@code inventory.products.max-streams-per-node}: stock event streams one node serves at
 *     once, default 10000
 * @param eventInterval {@code inventory.products.event-interval}: a product's stock events are sent at most once per
 *     interval, default 100ms
 * @param heartbeatInterval {@code inventory.products.heartbeat-interval}: a quiet stream gets a comment this often,
 *     default 15s
 * @param streamQueueSize {@code inventory.products.stream-queue-size}: events a client may be behind before it is
 *     dropped, default 16
 * @param streamTimeout {@code inventory.products.stream-timeout}: a stream's longest life (clients reconnect),
 *     default 30m
 * @param soldOutTtl {@code inventory.products.sold-out-ttl}: how long a node remembers a product as sold out,
 *     default 500ms ({@link SoldOutProducts})
 */
@ConfigurationProperties("inventory.products")
record ProductProperties(
        @DefaultValue("10000") int maxStreamsPerNode,
        @DefaultValue("100ms") Duration eventInterval,
        @DefaultValue("15s") Duration heartbeatInterval,
        @DefaultValue("16") int streamQueueSize,
        @DefaultValue("30m") Duration streamTimeout,
        @DefaultValue("500ms") Duration soldOutTtl) {

    ProductProperties {
        // Fails the start with the reason, rather than the first request.
        toStockEventSettings(maxStreamsPerNode, eventInterval, heartbeatInterval, streamQueueSize, streamTimeout);
        if (soldOutTtl == null || soldOutTtl.isNegative() || soldOutTtl.isZero()) {
            throw new IllegalArgumentException("inventory.products.sold-out-ttl is positive: " + soldOutTtl);
        }
    }

    StockEventSettings toStockEventSettings() {
        return toStockEventSettings(
                maxStreamsPerNode, eventInterval, heartbeatInterval, streamQueueSize, streamTimeout);
    }

    private static StockEventSettings toStockEventSettings(
            int maxStreams, Duration interval, Duration heartbeat, int queueSize, Duration timeout) {
        return new StockEventSettings(maxStreams, interval, heartbeat, queueSize, timeout);
    }
}
