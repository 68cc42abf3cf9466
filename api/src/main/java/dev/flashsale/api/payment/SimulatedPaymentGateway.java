package dev.flashsale.api.payment;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.flashsale.engine.grid.GridCalls;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * A stand-in for a real payment provider, with configurable latency and decline rate ({@link PaymentSettings}). Its
 * records live in the grid map {@link #MAP} (one synchronous backup), as a real provider's would outlive any one of
 * our nodes: a purchase resumed on another node finds the charge its first attempt made.
 *
 * <p>Thread-safe.
 */
public final class SimulatedPaymentGateway implements PaymentGateway {

    public static final String MAP = "inventory.payments";

    static final String DECLINE_REASON = "card declined (simulated)";

    private final IMap<Long, SimulatedCharge> charges;
    private final PaymentSettings settings;
    private final Pattern declineBuyers;
    private final GridCalls calls;

    public SimulatedPaymentGateway(HazelcastInstance member, PaymentSettings settings, Duration callDeadline) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.declineBuyers = settings.declineBuyers().isEmpty() ? null : Pattern.compile(settings.declineBuyers());
        this.calls = new GridCalls(callDeadline);
        this.charges = calls.map(member, MAP);
    }

    @Override
    public PaymentResult charge(PaymentRequest request) {
        if (settings.latency().compareTo(settings.timeout()) > 0) {
            LockSupport.parkNanos(settings.timeout().toNanos());
            throw new PaymentUnavailableException(
                    "the payment provider did not answer within " + settings.timeout(), null);
        }
        if (!settings.latency().isZero()) {
            LockSupport.parkNanos(TimeUnit.NANOSECONDS.convert(settings.latency()));
        }
        SimulatedCharge decided = declines(request)
                ? new SimulatedCharge(request.orderId(), PaymentStatus.DECLINED, DECLINE_REASON)
                : new SimulatedCharge(request.orderId(), PaymentStatus.APPROVED, "");
        SimulatedCharge first = calls.call(() -> charges.putIfAbsent(request.orderId(), decided));
        SimulatedCharge charge = first != null ? first : decided;
        return switch (charge.status()) {
            case APPROVED -> new PaymentResult.Approved(request.orderId());
            case DECLINED -> new PaymentResult.Declined(request.orderId(), charge.reason());
            case REFUNDED, NONE -> new PaymentResult.Declined(request.orderId(), "the order's payment was refunded");
        };
    }

    @Override
    public void refund(long orderId) {
        SimulatedCharge refunded = new SimulatedCharge(orderId, PaymentStatus.REFUNDED, "");
        calls.call(() -> charges.executeOnKey(orderId, new RefundProcessor(refunded)));
    }

    @Override
    public PaymentStatus status(long orderId) {
        SimulatedCharge charge = calls.call(() -> charges.get(orderId));
        return charge == null ? PaymentStatus.NONE : charge.status();
    }

    private boolean declines(PaymentRequest request) {
        if (declineBuyers != null && declineBuyers.matcher(request.buyerId()).matches()) {
            return true;
        }
        if (settings.declineRate() <= 0.0) {
            return false;
        }
        // The order id decides, so that every attempt to charge one order gets the same answer.
        double draw = (mix(request.orderId()) >>> 11) * 0x1.0p-53;
        return draw < settings.declineRate();
    }

    /** A 64-bit finaliser (the one of SplitMix64): spreads neighbouring ids over the whole range. */
    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
