package dev.flashsale.api.payment;

/** The payment provider did not answer in time or failed; whether it charged is unknown until asked again. */
public final class PaymentUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PaymentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
