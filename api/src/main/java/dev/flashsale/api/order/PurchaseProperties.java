package dev.flashsale.api.order;

import dev.flashsale.api.payment.PaymentSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Purchases and the simulated payment provider, bound from {@code inventory.purchase.*}; every setting left out takes
 * the default of {@link PurchaseSettings#DEFAULTS} or {@link PaymentSettings#DEFAULTS}, which also validate the result.
 *
 * @param reservationHold {@code inventory.purchase.reservation-hold}, default 10m
 * @param buyNowHold {@code inventory.purchase.buy-now-hold}, default 30s
 * @param maxInFlight {@code inventory.purchase.max-in-flight}, default 6000
 * @param admissionWait {@code inventory.purchase.admission-wait}, default 100ms
 * @param sweepInterval {@code inventory.purchase.sweep-interval}, default 5s
 * @param sweepGrace {@code inventory.purchase.sweep-grace}, default 30s
 * @param takeOverAfter {@code inventory.purchase.take-over-after}, default 60s
 * @param payment {@code inventory.purchase.payment.*}: {@code latency} (0), {@code decline-rate} (0.0), {@code
 *     decline-buyers} (none), {@code timeout} (5s)
 */
@ConfigurationProperties("inventory.purchase")
record PurchaseProperties(
        Duration reservationHold,
        Duration buyNowHold,
        Integer maxInFlight,
        Duration admissionWait,
        Duration sweepInterval,
        Duration sweepGrace,
        Duration takeOverAfter,
        @DefaultValue Payment payment) {

    record Payment(Duration latency, Double declineRate, String declineBuyers, Duration timeout) {

        PaymentSettings toSettings() {
            PaymentSettings defaults = PaymentSettings.DEFAULTS;
            return new PaymentSettings(
                    or(latency, defaults.latency()),
                    or(declineRate, defaults.declineRate()),
                    or(declineBuyers, defaults.declineBuyers()),
                    or(timeout, defaults.timeout()));
        }
    }

    PurchaseSettings toSettings() {
        PurchaseSettings defaults = PurchaseSettings.DEFAULTS;
        return new PurchaseSettings(
                or(reservationHold, defaults.reservationHold()),
                or(buyNowHold, defaults.buyNowHold()),
                or(maxInFlight, defaults.maxInFlight()),
                or(admissionWait, defaults.admissionWait()),
                or(sweepInterval, defaults.sweepInterval()),
                or(sweepGrace, defaults.sweepGrace()),
                or(takeOverAfter, defaults.takeOverAfter()));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
