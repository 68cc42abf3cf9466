package dev.flashsale.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class VirtualThreadMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void recordsAVirtualThreadThatBlocksWhilePinned() throws InterruptedException {
        try (VirtualThreadMeters meters = new VirtualThreadMeters()) {
            meters.bindTo(registry);
            // Blocking in a class initializer pins a virtual thread to its carrier, even on JDK 24 and later.
            Thread.ofVirtual().start(SlowToInitialize::touch).join();

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(registry.get("jvm.threads.virtual.pinned")
                                    .timer()
                                    .count())
                            .isPositive());
            assertThat(registry.get("jvm.threads.virtual.pinned").timer().max(TimeUnit.MILLISECONDS))
                    .isGreaterThanOrEqualTo(VirtualThreadMeters.PINNED_THRESHOLD.toMillis());
        }
    }

    @Test
    void reportsTheSchedulerAndItsThreads() {
        try (VirtualThreadMeters meters = new VirtualThreadMeters()) {
            meters.bindTo(registry);

            assertThat(registry.get("jvm.threads.virtual.parallelism").gauge().value())
                    .isPositive();
            assertThat(registry.get("jvm.threads.virtual.live")
                            .tag("scheduling.status", "queued")
                            .gauge()
                            .value())
                    .isNotNegative();
            assertThat(registry.get("jvm.threads.virtual.submit.failed")
                            .counter()
                            .count())
                    .isZero();
        }
    }

    /** Sleeps in its static initializer, on whichever thread first touches it. */
    private static final class SlowToInitialize {

        static {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }

        static void touch() {
            // Loading is the point.
        }
    }
}
