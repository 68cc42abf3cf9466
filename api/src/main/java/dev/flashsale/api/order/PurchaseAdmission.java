package dev.flashsale.api.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the purchases a node runs at once, so that a node beyond its capacity refuses some quickly (503 with {@code
 * Retry-After}) instead of answering all of them late. A refused purchase has done nothing. Thread-safe.
 */
final class PurchaseAdmission {

    private final Semaphore places;
    private final int capacity;
    private final Duration wait;
    private final Counter refused;

    PurchaseAdmission(int capacity, Duration wait, MeterRegistry registry) {
        this.places = new Semaphore(capacity);
        this.capacity = capacity;
        this.wait = wait;
        this.refused = Counter.builder("inventory.purchases.refused")
                .description("purchases refused because the node ran as many as it may")
                .register(registry);
        Gauge.builder("inventory.purchases.in.flight", this, PurchaseAdmission::inFlight)
                .description("purchases this node runs now")
                .register(registry);
    }

    /** Takes a place, waiting a little for one; false when the node is full. */
    boolean enter() {
        try {
            if (places.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        refused.increment();
        return false;
    }

    void leave() {
        places.release();
    }

    int inFlight() {
        return capacity - places.availablePermits();
    }
}
