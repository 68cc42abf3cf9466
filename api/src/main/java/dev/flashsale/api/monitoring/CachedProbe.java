package dev.flashsale.api.monitoring;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A check that may be slow (a query, a question to the whole cluster), asked by health probes that must not be.
 *
 * <p>A caller gets the last answer while it is younger than {@code maxAge}. Otherwise it starts a new run of the check
 * on a virtual thread of its own, unless one is running already, and waits for that run at most {@code wait}: empty
 * when the check did not answer in time, or failed. A run the callers gave up on goes on in the background and answers
 * the next caller. So the check runs at most once per {@code maxAge} whoever asks, never twice at a time, and no caller
 * waits longer than {@code wait}.
 *
 * <p>{@link #invalidate()} says that what the last run saw has changed: the next caller starts a new run, however
 * young the last answer (a run still going when invalidated answers the callers waiting for it, but no later ones).
 *
 * <p>The check should report its failures in its answer (a value that says what went wrong); one that throws counts
 * as unanswered. Thread-safe.
 *
 * @param <T> the answer
 */
final class CachedProbe<T> {

    private final String name;
    private final Supplier<T> check;
    private final long maxAgeNanos;
    private final Duration wait;
    private final LongSupplier nanoTime;
    private final AtomicReference<Run<T>> latest = new AtomicReference<>();

    CachedProbe(String name, Supplier<T> check, Duration maxAge, Duration wait) {
        this(name, check, maxAge, wait, System::nanoTime);
    }

    CachedProbe(String name, Supplier<T> check, Duration maxAge, Duration wait, LongSupplier nanoTime) {
        this.name = Objects.requireNonNull(name, "name");
        this.check = Objects.requireNonNull(check, "check");
        this.maxAgeNanos = maxAge.toNanos();
        this.wait = Objects.requireNonNull(wait, "wait");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** The answer, fresh enough; empty when the check did not answer within the wait or failed. */
    Optional<T> answer() {
        Run<T> run = latest.get();
        if (run == null || run.staleAt(nanoTime.getAsLong(), maxAgeNanos)) {
            Run<T> next = new Run<>();
            if (latest.compareAndSet(run, next)) {
                Thread.ofVirtual().name(name).start(() -> next.complete(check, nanoTime));
            }
            run = latest.get();
        }
        try {
            return Optional.ofNullable(run.answer.get(wait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException | ExecutionException unanswered) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The last answer no longer holds: the next caller runs the check again. */
    void invalidate() {
        Run<T> run = latest.get();
        if (run != null) {
            run.invalidated = true;
        }
    }

    /** One run of the check, and when it ended. */
    private static final class Run<T> {

        private final CompletableFuture<T> answer = new CompletableFuture<>();
        private volatile long endedAt;
        private volatile boolean invalidated;

        void complete(Supplier<T> check, LongSupplier nanoTime) {
            try {
                T value = check.get();
                endedAt = nanoTime.getAsLong();
                answer.complete(value);
            } catch (RuntimeException failure) {
                endedAt = nanoTime.getAsLong();
                answer.completeExceptionally(failure);
            } catch (Error fatal) {
                endedAt = nanoTime.getAsLong();
                answer.completeExceptionally(fatal);
                throw fatal;
            }
        }

        /** Whether this run ended invalidated or at least {@code maxAgeNanos} ago; a run still going is never stale. */
        boolean staleAt(long now, long maxAgeNanos) {
            return answer.isDone() && (invalidated || now - endedAt >= maxAgeNanos);
        }
    }
}
