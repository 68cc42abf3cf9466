package dev.flashsale.api.order;

import dev.flashsale.engine.grid.GridOrders;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles, on each member, the orders it owns that were left {@code PENDING} (a purchase whose node died mid-saga, an
 * order the whole cluster's stop left open, a reservation never checked out): {@link Purchases#settleAbandoned}. An
 * order older than {@code sweepGrace} is settled as soon as the engine has ended its hold and no attempt of its request
 * runs on a live node; every order older than any hold can be (the longest hold plus {@code sweepGrace}) is settled
 * whatever its hold. The engine has put the units of an expired hold back on sale already, and has turned a hold whose
 * confirmation was decided into a sale: this ends the order accordingly (CANCELLED, with any charge refunded, or
 * CONFIRMED). Thread-safe.
 */
final class OpenOrderSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpenOrderSweeper.class);

    private final GridOrders orders;
    private final Purchases purchases;
    private final PurchaseSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    OpenOrderSweeper(GridOrders orders, Purchases purchases, PurchaseSettings settings, Clock clock) {
        this.orders = orders;
        this.purchases = purchases;
        this.settings = settings;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("open-order-sweeper").factory());
        long interval = settings.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sweepQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Settles the open orders this member owns that were abandoned; returns how many it looked at. */
    int sweep() {
        long now = clock.millis();
        Set<Long> open = orders.openOwnedHere(now - settings.sweepGrace().toMillis());
        long outlivedEveryHold = now - settings.settleAfterMillis();
        for (long orderId : open) {
            try {
                purchases.settleAbandoned(orderId, outlivedEveryHold);
            } catch (RuntimeException failure) {
                log.warn("could not settle open order {} yet; the next sweep tries again", orderId, failure);
            }
        }
        return open.size();
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException failure) {
            log.warn("open-order sweep failed; the next one tries again", failure);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
