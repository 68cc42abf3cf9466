package dev.flashsale.api.payment;

/**
 * The payment provider, as the purchase saga sees it. Every call is idempotent by order id: charging an order twice
 * charges it once and answers the first result, and a refund of an order charged or not leaves it uncharged. This is
 * what lets a purchase resume on another node after its node died.
 *
 * <p>Implementations are thread-safe; calls block (cheap on virtual threads) and throw {@link
 * PaymentUnavailableException} when the provider cannot answer.
 */
public interface PaymentGateway {

    /** Charges the buyer for the order, or answers why not. */
    PaymentResult charge(PaymentRequest request);

    /** Gives back the order's charge, if there is one. */
    void refund(long orderId);

    /** What the provider knows of the order's charge. */
    PaymentStatus status(long orderId);
}
