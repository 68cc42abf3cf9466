package dev.flashsale.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class CachedProbeTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofMillis(200);

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void answersFromTheLastRunWhileItIsYoungerThanTheMaximumAge() {
        CachedProbe<Integer> probe = new CachedProbe<>("test", runs::incrementAndGet, MAX_AGE, WAIT, now::get);

        assertThat(probe.answer()).contains(1);
        now.addAndGet(MAX_AGE.toNanos() - 1);
        assertThat(probe.answer()).contains(1);
        now.addAndGet(1);
        assertThat(probe.answer()).contains(2);
        assertThat(runs).hasValue(2);
    }

    @Test
    void runsAgainOnceInvalidatedHoweverYoungTheLastAnswer() {
        CachedProbe<Integer> probe = new CachedProbe<>("test", runs::incrementAndGet, MAX_AGE, WAIT, now::get);
        assertThat(probe.answer()).contains(1);

        probe.invalidate();

        assertThat(probe.answer()).contains(2);
        assertThat(probe.answer()).contains(2);
    }

    @Test
    void doesNotServeARunInvalidatedWhileGoingToLaterCallers() {
        CountDownLatch release = new CountDownLatch(1);
        CachedProbe<Integer> probe = new CachedProbe<>(
                "test",
                () -> {
                    int run = runs.incrementAndGet();
                    if (run == 1) {
                        await(release);
                    }
                    return run;
                },
                MAX_AGE,
                WAIT,
                now::get);
        assertThat(probe.answer()).isEmpty();

        probe.invalidate();
        release.countDown();

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(probe.answer()).contains(2));
    }

    @Test
    void givesUpAfterTheWaitWhileASlowRunGoesOnAndAnswersLater() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CachedProbe<Integer> probe = new CachedProbe<>(
                "test",
                () -> {
                    runs.incrementAndGet();
                    await(release);
                    return 7;
                },
                MAX_AGE,
                WAIT,
                now::get);

        // Were the wait not kept, these would block until the run ends, which only the release below allows.
        assertThat(probe.answer()).isEmpty();
        assertThat(probe.answer()).isEmpty();
        release.countDown();

        assertThat(probe.answer()).contains(7);
        assertThat(runs).as("one run at a time, however many callers").hasValue(1);
    }

    @Test
    void countsAFailedRunAsUnansweredAndRunsAgainOnceItIsOld() {
        CachedProbe<Integer> probe = new CachedProbe<>(
                "test",
                () -> {
                    if (runs.incrementAndGet() == 1) {
                        throw new IllegalStateException("first run fails");
                    }
                    return 2;
                },
                MAX_AGE,
                WAIT,
                now::get);

        assertThat(probe.answer()).isEmpty();
        assertThat(probe.answer()).isEmpty();
        now.addAndGet(MAX_AGE.toNanos());
        assertThat(probe.answer()).contains(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
