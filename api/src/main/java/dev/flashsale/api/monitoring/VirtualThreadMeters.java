package dev.flashsale.api.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.consumer.RecordingStream;
import jdk.management.VirtualThreadSchedulerMXBean;

/**
 * The virtual threads of this node (Tomcat serves every request on one, and the probes run on them):
 *
 * <ul>
 *   <li>{@code jvm.threads.virtual.pinned} (timer): each time a virtual thread blocked for at least {@link
 *       #PINNED_THRESHOLD} while pinned to its carrier (in native code or a class initializer), and for how long — a
 *       carrier held this way serves nothing else;
 *   <li>{@code jvm.threads.virtual.submit.failed} (counter): virtual threads that could not be started or unparked;
 *   <li>{@code jvm.threads.virtual.parallelism}, {@code jvm.threads.virtual.pool.size} (gauges): the scheduler's
 *       target parallelism and its carrier threads;
 *   <li>{@code jvm.threads.virtual.live} (gauge, tag {@code scheduling.status}: {@code mounted} or {@code queued}):
 *       virtual threads running on a carrier, and waiting for one.
 * </ul>
 *
 * <p>The names are those of Micrometer's {@code micrometer-java21} binder, which Spring Boot would bind by itself but
 * which is not published for this Micrometer version; dashboards made for it work on these. The first two come from
 * the JDK's Flight Recorder events {@code jdk.VirtualThreadPinned} and {@code jdk.VirtualThreadSubmitFailed}, streamed
 * in-process (a small recording kept {@link #RECORDING_MAX_AGE}; events reach the meters within about a second), the
 * gauges from the JDK's {@link VirtualThreadSchedulerMXBean}.
 *
 * <p>Thread-safe. Close it to stop the recording.
 */
final class VirtualThreadMeters implements MeterBinder, AutoCloseable {

    /** Pinned blocking shorter than this is not recorded: the JDK's own default for the event. */
    static final Duration PINNED_THRESHOLD = Duration.ofMillis(20);

    static final Duration RECORDING_MAX_AGE = Duration.ofSeconds(5);
    static final long RECORDING_MAX_BYTES = 10L * 1024 * 1024;

    private static final String PINNED_EVENT = "jdk.VirtualThreadPinned";
    private static final String SUBMIT_FAILED_EVENT = "jdk.VirtualThreadSubmitFailed";

    private final RecordingStream recording;
    private final AtomicBoolean started = new AtomicBoolean();

    VirtualThreadMeters() {
        recording = new RecordingStream();
        recording.enable(PINNED_EVENT).withThreshold(PINNED_THRESHOLD);
        recording.enable(SUBMIT_FAILED_EVENT);
        recording.setMaxAge(RECORDING_MAX_AGE);
        recording.setMaxSize(RECORDING_MAX_BYTES);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Timer pinned = Timer.builder("jvm.threads.virtual.pinned")
                .description("Blocking while pinned to the carrier thread, which then serves nothing else")
                .register(registry);
        Counter submitFailed = Counter.builder("jvm.threads.virtual.submit.failed")
                .description("Virtual threads that could not be started or unparked")
                .register(registry);
        recording.onEvent(PINNED_EVENT, event -> pinned.record(event.getDuration()));
        recording.onEvent(SUBMIT_FAILED_EVENT, event -> submitFailed.increment());
        if (started.compareAndSet(false, true)) {
            recording.startAsync();
        }

        VirtualThreadSchedulerMXBean scheduler =
                ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
        Gauge.builder("jvm.threads.virtual.parallelism", scheduler, VirtualThreadSchedulerMXBean::getParallelism)
                .description("The virtual-thread scheduler's target parallelism")
                .register(registry);
        Gauge.builder("jvm.threads.virtual.pool.size", scheduler, VirtualThreadSchedulerMXBean::getPoolSize)
                .description("Carrier threads the scheduler started that have not ended")
                .baseUnit(BaseUnits.THREADS)
                .register(registry);
        Gauge.builder("jvm.threads.virtual.live", scheduler, VirtualThreadSchedulerMXBean::getMountedVirtualThreadCount)
                .description("Unfinished virtual threads, mounted on a carrier or queued for one")
                .tag("scheduling.status", "mounted")
                .baseUnit(BaseUnits.THREADS)
                .register(registry);
        Gauge.builder("jvm.threads.virtual.live", scheduler, VirtualThreadSchedulerMXBean::getQueuedVirtualThreadCount)
                .description("Unfinished virtual threads, mounted on a carrier or queued for one")
                .tag("scheduling.status", "queued")
                .baseUnit(BaseUnits.THREADS)
                .register(registry);
    }

    @Override
    public void close() {
        recording.close();
    }
}
