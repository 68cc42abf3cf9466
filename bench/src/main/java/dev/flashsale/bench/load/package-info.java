/**
 * Load tests of a whole deployment through its load balancer ({@code bench/load}): buyer tokens ({@link
 * BuyerTokens}), the open-model load generator ({@link OpenLoad}), the closed model's server-side series from
 * nginx's access log ({@link AccessLogSeries}) and the self-contained HTML report ({@link LoadReport}).
 */
package dev.flashsale.bench.load;
