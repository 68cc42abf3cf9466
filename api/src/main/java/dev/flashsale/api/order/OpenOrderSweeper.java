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
 * Settles, on each member, the orders it owns that stayed {@code PENDING} past any hold they can have (a reservation
 * never checked out, a purchase whose node died while it paid): {@link Purchases#settleAbandoned}. The engine has
 * put their units back on sale already; this ends the order and refunds a charge that found no sale. Thread-safe.
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

    /** Settles the open orders this member owns that outlived their hold; returns how many it looked at. */
    int sweep() {
        Set<Long> open = orders.openOwnedHere(clock.millis() - settings.settleAfterMillis());
        for (long orderId : open) {
            try {
                purchases.settleAbandoned(orderId);
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
