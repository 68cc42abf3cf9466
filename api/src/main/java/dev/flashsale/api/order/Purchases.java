package dev.flashsale.api.order;

import dev.flashsale.api.idempotency.RequestClaim;
import dev.flashsale.api.idempotency.RequestFingerprint;
import dev.flashsale.api.idempotency.RequestMemory;
import dev.flashsale.api.payment.PaymentGateway;
import dev.flashsale.api.payment.PaymentRequest;
import dev.flashsale.api.payment.PaymentResult;
import dev.flashsale.api.payment.PaymentStatus;
import dev.flashsale.api.payment.PaymentUnavailableException;
import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.api.product.SoldOutProducts;
import dev.flashsale.engine.Inventory;
import dev.flashsale.engine.OpId;
import dev.flashsale.engine.Outcome;
import dev.flashsale.engine.grid.GridOrders;
import dev.flashsale.engine.grid.InventoryUnavailableException;
import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.order.OrderStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The purchase saga of the second design document, on the grid: <b>reserve</b> the units (a hold whose id is the
 * order id) → <b>place</b> the order, {@code PENDING} → <b>pay</b> → <b>confirm</b> (the hold becomes a sale, the order
 * {@code CONFIRMED}); or, on any refusal, <b>compensate</b> (the hold released, the order {@code CANCELLED} with its
 * reason, any charge refunded). A buyer is never charged for nothing and a unit is never stranded: a hold ends by
 * itself when its time is up, even if its node died, and {@link OpenOrderSweeper} settles an order left open.
 *
 * <p>Every step is idempotent by the order id (the hold's op id is {@link OpId#reservationOf}, the payment provider
 * charges an order once, confirming or releasing a hold happens once), so a request can run again — the buyer's retry
 * with the same {@code Idempotency-Key}, on any node — and resume where its first attempt stopped.
 *
 * <p>Thread-safe; calls block (the node runs them on virtual threads).
 */
public final class Purchases {

    private static final Logger log = LoggerFactory.getLogger(Purchases.class);

    private final Inventory inventory;
    private final GridOrders orders;
    private final PaymentGateway payments;
    private final RequestMemory requests;
    private final LongSupplier orderIds;
    private final PurchaseAdmission admission;
    private final Replies replies;
    private final PurchaseSettings settings;
    private final SoldOutProducts soldOut;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    Purchases(
            Inventory inventory,
            GridOrders orders,
            PaymentGateway payments,
            RequestMemory requests,
            LongSupplier orderIds,
            PurchaseAdmission admission,
            Replies replies,
            PurchaseSettings settings,
            SoldOutProducts soldOut,
            Clock clock,
            MeterRegistry registry) {
        this.inventory = inventory;
        this.orders = orders;
        this.payments = payments;
        this.requests = requests;
        this.orderIds = orderIds;
        this.admission = admission;
        this.replies = replies;
        this.settings = settings;
        this.soldOut = soldOut;
        this.clock = clock;
        this.registry = registry;
    }

    /** Buy now: the whole saga in one request. 201 with the confirmed order, or why not. */
    public Reply buyNow(String buyerId, long productId, int quantity, String key) {
        return counted("buy", buyNowOnce(buyerId, productId, quantity, key));
    }

    private Reply buyNowOnce(String buyerId, long productId, int quantity, String key) {
        String fingerprint = RequestFingerprint.of("POST /api/orders", productId, quantity);
        return idempotent(buyerId, key, fingerprint, run -> {
            Optional<Order> placed = run.resumed() ? orders.get(run.orderId()) : Optional.empty();
            if (placed.isEmpty()) {
                long expiresAt = run.startedAtMillis() + settings.buyNowHold().toMillis();
                Outcome held = hold(buyerId, productId, quantity, run.orderId(), expiresAt);
                if (!(held instanceof Outcome.Reserved)) {
                    return replies.refused(held, productId, quantity);
                }
                placed = Optional.of(place(run.orderId(), buyerId, productId, quantity, key));
            }
            return payAndConfirm(placed.get());
        });
    }

    /** Hold and checkout, first step: 201 with the reservation and when it expires, or why not. */
    public Reply reserve(String buyerId, long productId, int quantity, String key) {
        return counted("reserve", reserveOnce(buyerId, productId, quantity, key));
    }

    private Reply reserveOnce(String buyerId, long productId, int quantity, String key) {
        String fingerprint = RequestFingerprint.of("POST /api/reservations", productId, quantity);
        return idempotent(buyerId, key, fingerprint, run -> {
            long expiresAt = run.startedAtMillis() + settings.reservationHold().toMillis();
            Optional<Order> placed = run.resumed() ? orders.get(run.orderId()) : Optional.empty();
            if (placed.isEmpty()) {
                Outcome held = hold(buyerId, productId, quantity, run.orderId(), expiresAt);
                if (!(held instanceof Outcome.Reserved)) {
                    return replies.refused(held, productId, quantity);
                }
                placed = Optional.of(place(run.orderId(), buyerId, productId, quantity, key));
            }
            Order order = placed.get();
            return order.status() == OrderStatus.PENDING
                    ? replies.reserved(order, expiresAt)
                    : replies.cancelled(order);
        });
    }

    /** Hold and checkout, second step: pays for the reservation and confirms it. Idempotent by its nature. */
    public Reply checkout(String buyerId, long reservationId) {
        return counted("checkout", checkoutOnce(buyerId, reservationId));
    }

    private Reply checkoutOnce(String buyerId, long reservationId) {
        Optional<Order> reservation = reservationOf(buyerId, reservationId);
        if (reservation.isEmpty()) {
            return notFound(reservationId);
        }
        if (!admission.enter()) {
            return replies.overloaded();
        }
        try {
            return payAndConfirm(reservation.get());
        } catch (PaymentUnavailableException failure) {
            return replies.paymentUnavailable(reservationId);
        } catch (InventoryUnavailableException failure) {
            return replies.unavailable(failure);
        } finally {
            admission.leave();
        }
    }

    /** Releases a reservation: 204, also when it ended already; 409 when it was checked out. */
    public Reply release(String buyerId, long reservationId) {
        return counted("release", releaseOnce(buyerId, reservationId));
    }

    private Reply releaseOnce(String buyerId, long reservationId) {
        Optional<Order> reservation = reservationOf(buyerId, reservationId);
        if (reservation.isEmpty()) {
            return notFound(reservationId);
        }
        Order order = reservation.get();
        return switch (order.status()) {
            case CANCELLED -> replies.noContent();
            case CONFIRMED -> checkedOut(order);
            case PENDING -> {
                Outcome released = inventory.release(order.productId(), order.buyerId(), order.id());
                if (released instanceof Outcome.HoldAlreadyConfirmed) {
                    yield checkedOut(orders.confirm(order.id()).orElse(order));
                }
                orders.cancel(order.id(), Replies.RELEASED_BY_BUYER);
                yield replies.noContent();
            }
        };
    }

    /**
     * Settles an order left {@code PENDING} by an attempt that is gone (its node died, the whole cluster stopped, or its
     * buyer never checked out): confirmed if it was paid and its hold became a sale, otherwise cancelled with its hold
     * released and any charge refunded. It does so once the engine has ended the order's hold (confirmed, released or
     * expired: the order's fate is decided then) and no attempt of its request may still be running on a live node; or,
     * whatever the hold, once the order was created before {@code outlivedEveryHold} (older than any hold can be).
     * Every step is idempotent, so settling races a late attempt harmlessly: both end in the same state, and a refund
     * fences off a charge that comes after it.
     */
    void settleAbandoned(long orderId, long outlivedEveryHold) {
        Optional<Order> open = orders.get(orderId).filter(order -> order.status() == OrderStatus.PENDING);
        if (open.isEmpty()) {
            return;
        }
        Order order = open.get();
        if (order.createdAtMillis() >= outlivedEveryHold
                && (inventory.holdOpen(order.productId(), order.buyerId(), orderId)
                        || requests.attemptRunning(order.buyerId(), order.idempotencyKey()))) {
            return;
        }
        if (payments.status(orderId) == PaymentStatus.APPROVED) {
            Order settled = confirmPaid(order, Replies.RESERVATION_EXPIRED);
            log.info("settled open order {}: paid, now {}", orderId, settled.status());
            return;
        }
        Outcome released = inventory.release(order.productId(), order.buyerId(), orderId);
        if (released instanceof Outcome.HoldAlreadyConfirmed) {
            // Sold without an approved payment: cannot happen by the saga's order of steps; keep the sale, say so.
            log.error("order {} was sold without an approved payment; it stays confirmed", orderId);
            orders.confirm(orderId);
            return;
        }
        payments.refund(orderId);
        orders.cancel(orderId, Replies.RESERVATION_EXPIRED);
        log.info("settled open order {}: not paid, cancelled and its hold released", orderId);
    }

    /** The order as its buyer or the administrator may see it. */
    public Optional<Order> order(long orderId) {
        return orders.get(orderId);
    }

    private void abandonQuietly(RequestClaim.Run run) {
        try {
            requests.abandon(run);
        } catch (RuntimeException failure) {
            log.warn("order {}: could not free its idempotency key: {}", run.orderId(), failure.getMessage());
        }
    }

    /**
     * Counts the reply in {@code inventory.purchases}, tagged with the operation ({@code buy}, {@code reserve}, {@code
     * checkout}, {@code release}) and the outcome ({@code sold}, {@code sold_out}, {@code limit_reached}, {@code
     * payment_declined}, {@code overloaded}, …).
     */
    private Reply counted(String operation, Reply reply) {
        outcomes.computeIfAbsent(
                        operation + "/" + reply.outcome(),
                        ignored -> Counter.builder("inventory.purchases")
                                .description("purchase requests answered, by operation and outcome")
                                .tag("operation", operation)
                                .tag("outcome", reply.outcome())
                                .register(registry))
                .increment();
        return reply;
    }

    private Reply payAndConfirm(Order order) {
        if (order.status() == OrderStatus.CONFIRMED) {
            return replies.created(order);
        }
        if (order.status() == OrderStatus.CANCELLED) {
            return replies.cancelled(order);
        }
        PaymentResult paid =
                payments.charge(new PaymentRequest(order.id(), order.buyerId(), order.productId(), order.quantity()));
        if (paid instanceof PaymentResult.Declined declined) {
            Outcome released = inventory.release(order.productId(), order.buyerId(), order.id());
            if (released instanceof Outcome.HoldAlreadyConfirmed) {
                log.error("order {} was sold although its payment was declined; it stays confirmed", order.id());
                return replies.created(orders.confirm(order.id()).orElse(order));
            }
            return replies.cancelled(cancel(order, Replies.DECLINED_PREFIX + declined.reason()));
        }
        Order settled = confirmPaid(order, Replies.HOLD_EXPIRED_WHILE_PAYING);
        return settled.status() == OrderStatus.CONFIRMED ? replies.created(settled) : replies.cancelled(settled);
    }

    /** Turns the paid order's hold into a sale; if the hold ended first, refunds and cancels with {@code reason}. */
    private Order confirmPaid(Order order, String reason) {
        Outcome confirmed = inventory.confirm(order.productId(), order.buyerId(), order.id());
        return switch (confirmed) {
            case Outcome.Confirmed ignored -> confirmOrder(order);
            case Outcome.HoldAlreadyConfirmed ignored -> confirmOrder(order);
            case Outcome.HoldExpired ignored -> refundAndCancel(order, reason);
            case Outcome.UnknownHold ignored -> refundAndCancel(order, reason);
            case Outcome.HoldReleased ignored -> refundAndCancel(order, Replies.RELEASED_BY_BUYER);
            default -> throw new IllegalStateException("confirming order " + order.id() + " answered " + confirmed);
        };
    }

    private Order confirmOrder(Order order) {
        return orders.confirm(order.id())
                .orElseThrow(() -> new IllegalStateException("order " + order.id() + " vanished"));
    }

    private Order refundAndCancel(Order order, String reason) {
        payments.refund(order.id());
        return cancel(order, reason);
    }

    private Order cancel(Order order, String reason) {
        return orders.cancel(order.id(), reason)
                .orElseThrow(() -> new IllegalStateException("order " + order.id() + " vanished"));
    }

    /**
     * Holds the units, unless the product is known to be sold out on this node (the sold-out fast path: no round trip
     * to the owner, which stays the authority for any sale). An owner that answers sold out marks the product.
     */
    private Outcome hold(String buyerId, long productId, int quantity, long orderId, long expiresAtMillis) {
        if (soldOut.isSoldOut(productId)) {
            return new Outcome.SoldOut(productId, quantity, 0);
        }
        Outcome held =
                inventory.reserve(productId, buyerId, quantity, orderId, expiresAtMillis, OpId.reservationOf(orderId));
        if (held instanceof Outcome.SoldOut refused && refused.available() == 0) {
            soldOut.markSoldOut(productId);
        }
        return held;
    }

    private Order place(long orderId, String buyerId, long productId, int quantity, String key) {
        return orders.place(
                Order.placed(orderId, buyerId, productId, quantity, OrderStatus.PENDING, key, clock.millis()));
    }

    private Optional<Order> reservationOf(String buyerId, long reservationId) {
        return orders.get(reservationId).filter(order -> order.buyerId().equals(buyerId));
    }

    private Reply notFound(long reservationId) {
        return replies.problem(
                ProblemType.RESERVATION_NOT_FOUND,
                "you have no reservation " + reservationId,
                Map.of("reservationId", reservationId));
    }

    private Reply checkedOut(Order order) {
        return replies.problem(
                ProblemType.RESERVATION_CHECKED_OUT,
                "reservation " + order.id() + " was checked out: it is order " + order.id(),
                Map.of("orderId", order.id()));
    }

    /**
     * Runs {@code work} as the one attempt of the buyer's request {@code key}, or answers without running it: replayed,
     * refused (the key was used for another request, or the node is full) or in progress elsewhere.
     */
    private Reply idempotent(String buyerId, String key, String fingerprint, Function<RequestClaim.Run, Reply> work) {
        if (!admission.enter()) {
            return replies.overloaded();
        }
        try {
            RequestClaim claim = requests.claim(buyerId, key, fingerprint, orderIds);
            return switch (claim) {
                case RequestClaim.Replay replay -> Reply.replay(replay.answer());
                case RequestClaim.KeyReused ignored ->
                    replies.problem(
                            ProblemType.IDEMPOTENCY_KEY_REUSED,
                            "this Idempotency-Key was used for another request of yours; use a new key for a new"
                                    + " request",
                            Map.of());
                case RequestClaim.Running ignored -> replies.running();
                case RequestClaim.Run run -> runOnce(run, work);
            };
        } catch (InventoryUnavailableException failure) {
            return replies.unavailable(failure);
        } finally {
            admission.leave();
        }
    }

    private Reply runOnce(RequestClaim.Run run, Function<RequestClaim.Run, Reply> work) {
        Reply reply;
        try {
            reply = work.apply(run);
        } catch (PaymentUnavailableException failure) {
            log.warn("order {}: {}", run.orderId(), failure.getMessage());
            reply = replies.paymentUnavailable(run.orderId());
        } catch (InventoryUnavailableException failure) {
            log.warn("order {}: {}", run.orderId(), failure.getMessage());
            reply = replies.unavailable(failure);
        } catch (RuntimeException unexpected) {
            // Whatever it was, the buyer's retry may resume the request at once (every step is idempotent).
            abandonQuietly(run);
            throw unexpected;
        }
        try {
            if (reply.fin()) {
                requests.answer(run, reply.stored());
            } else {
                requests.abandon(run);
            }
        } catch (InventoryUnavailableException failure) {
            // The answer stands; a retry takes the request over once the claim is old enough, and answers the same.
            log.warn("order {}: could not remember the answer: {}", run.orderId(), failure.getMessage());
        }
        return reply;
    }
}
