/** Payments: the {@link dev.flashsale.api.payment.PaymentGateway} port and its simulated implementation. */
package dev.flashsale.api.payment;
