/**
 * Buying: buy now ({@code POST /api/orders}), hold and checkout ({@code /api/reservations}), order lookup, and the
 * purchase saga behind them (reserve, place the order, pay, confirm — or compensate).
 */
package dev.flashsale.api.order;
