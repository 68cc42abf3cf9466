package dev.flashsale.persistence.grid;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces out retries of a failing write. Hazelcast 5.7's write-behind retries a failed batch a few times one second
 * apart, then keeps the entries queued and tries them again on its next pass, with no backoff setting of its own; so
 * the store itself waits before failing again — 100 ms, doubling, at most {@code max} — instead of hammering a
 * database that is down. Thread-safe.
 */
final class WriteBackoff {

    private final Duration max;
    private final AtomicInteger failures = new AtomicInteger();

    WriteBackoff(Duration max) {
        this.max = max;
    }

    /** Records a failure and waits before the caller gives up; returns the number of failures in a row. */
    int failedAndWait() {
        int inRow = failures.incrementAndGet();
        long millis = Math.min(max.toMillis(), 100L << Math.min(inRow - 1, 20));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
        return inRow;
    }

    /** Records a success; returns the failures in a row it ended. */
    int succeeded() {
        return failures.getAndSet(0);
    }

    int failuresInRow() {
        return failures.get();
    }
}
