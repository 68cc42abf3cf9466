package dev.flashsale.api.payment;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the simulated provider behaves.
 *
 * <p>Invariants: latency and timeout are not negative, the timeout is positive, the decline rate is between 0 and 1.
 * Immutable and thread-safe.
 *
 * @param latency how long each charge takes
 * @param declineRate the share of charges declined; which ones is decided by the order id, so a repeated charge of
 *     one order gets the same answer
 * @param declineBuyers buyers whose every charge is declined (a regular expression over the whole id), for
 *     demonstrations and tests; empty for none
 * @param timeout how long the saga waits for the provider before it counts the call as failed
 */
public record PaymentSettings(Duration latency, double declineRate, String declineBuyers, Duration timeout) {

    public static final PaymentSettings DEFAULTS = new PaymentSettings(Duration.ZERO, 0.0, "", Duration.ofSeconds(5));

    public PaymentSettings {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(declineBuyers, "declineBuyers");
        Objects.requireNonNull(timeout, "timeout");
        if (latency.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("payment latency >= 0 and timeout > 0: " + latency + ", " + timeout);
        }
        if (!(declineRate >= 0.0 && declineRate <= 1.0)) {
            throw new IllegalArgumentException("payment decline rate is between 0 and 1: " + declineRate);
        }
        Pattern.compile(declineBuyers);
    }
}
