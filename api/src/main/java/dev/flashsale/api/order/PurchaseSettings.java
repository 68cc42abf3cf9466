package dev.flashsale.api.order;

import java.time.Duration;
import java.util.Objects;

/**
 * How the node runs purchases.
 *
 * <p>Invariants: every duration is positive and {@code maxInFlight >= 1}. Immutable and thread-safe.
 *
 * @param reservationHold how long a reservation keeps its units ({@code POST /api/reservations})
 * @param buyNowHold how long a buy-now purchase keeps its units while it pays; if its node dies meanwhile, the units
 *     are back on sale after this
 * @param maxInFlight purchases this node runs at once; one more waits up to {@code admissionWait}, then is refused
 *     with 503. In a closed crowd most connections wait on purchases (they take longer than views), so the default is
 *     the design point's 6000 concurrent buyers, all on one node if the other is down
 * @param admissionWait how long a purchase waits for a free place
 * @param sweepInterval how often each member settles the open orders it owns that outlived their hold
 * @param sweepGrace how long an open order is left to its own attempt before the sweeper may settle it (once its hold
 *     has ended and no attempt of its request runs on a live node), and how long past {@code reservationHold} before
 *     the sweeper settles it whatever its hold
 * @param takeOverAfter how long an unanswered request is left to its attempt before a retry of it may take over, when
 *     the attempt's node still runs
 */
public record PurchaseSettings(
        Duration reservationHold,
        Duration buyNowHold,
        int maxInFlight,
        Duration admissionWait,
        Duration sweepInterval,
        Duration sweepGrace,
        Duration takeOverAfter) {

    public static final PurchaseSettings DEFAULTS = new PurchaseSettings(
            Duration.ofMinutes(10),
            Duration.ofSeconds(30),
            6_000,
            Duration.ofMillis(100),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60));

    public PurchaseSettings {
        requirePositive("reservationHold", reservationHold);
        requirePositive("buyNowHold", buyNowHold);
        requirePositive("admissionWait", admissionWait);
        requirePositive("sweepInterval", sweepInterval);
        requirePositive("sweepGrace", sweepGrace);
        requirePositive("takeOverAfter", takeOverAfter);
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
    }

    /** How old a PENDING order is when it has outlived any hold it can have, with the grace. */
    long settleAfterMillis() {
        return Math.max(reservationHold.toMillis(), buyNowHold.toMillis()) + sweepGrace.toMillis();
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
