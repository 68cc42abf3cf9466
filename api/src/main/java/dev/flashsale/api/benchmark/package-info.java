/**
 * What benchmarks need from a node and production must not have: {@link NoopPurchaseController}, a purchase that does
 * no grid work, to measure the physical limit of the HTTP path (nginx, Tomcat, security filters, JSON) that every
 * purchase pays. Nothing here is active unless {@code inventory.benchmark.noop-endpoint=true}.
 */
package dev.flashsale.api.benchmark;
