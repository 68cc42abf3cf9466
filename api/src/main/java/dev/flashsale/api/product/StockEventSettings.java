package dev.flashsale.api.product;

import java.time.Duration;
import java.util.Objects;

/**
 * How this node serves stock event streams ({@link StockEvents}).
 *
 * @param maxStreams streams this node serves at once at most; one more is answered 503
 * @param interval a product's figures are read and sent at most once per interval, however often its stock changes
 * @param heartbeat a stream with nothing to say for this long gets a comment line, so proxies keep it open and a
 *     vanished client is noticed
 * @param queueSize events a stream may have waiting for its client; a client further behind is dropped
 * @param streamTimeout how long a stream lasts at most; the client reconnects (an {@code EventSource} does by itself)
 */
record StockEventSettings(
        int maxStreams, Duration interval, Duration heartbeat, int queueSize, Duration streamTimeout) {

    StockEventSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(streamTimeout, "streamTimeout");
        if (maxStreams < 1 || queueSize < 1) {
            throw new IllegalArgumentException(
                    "maxStreams and queueSize are at least 1: " + maxStreams + ", " + queueSize);
        }
        if (interval.isNegative() || heartbeat.compareTo(Duration.ofMillis(1)) < 0 || streamTimeout.isNegative()) {
            throw new IllegalArgumentException("interval and streamTimeout are not negative, heartbeat is positive: "
                    + interval + ", " + heartbeat + ", " + streamTimeout);
        }
    }
}
