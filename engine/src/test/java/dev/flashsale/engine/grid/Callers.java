package dev.flashsale.engine.grid;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs many callers at once on virtual threads, released together by one start signal. */
final class Callers {

    private Callers() {}

    /** Runs {@code count} callers, caller {@code i} doing {@code body.apply(i)}, and returns their results in order. */
    static <T> List<T> run(int count, Duration timeout, IntFunction<T> body) {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int caller = i;
                futures.add(threads.submit(() -> {
                    start.await();
                    return body.apply(caller);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>(count);
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<T> future : futures) {
                results.add(future.get(
                        Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS));
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException("callers did not finish: " + e, e);
        }
    }
}
