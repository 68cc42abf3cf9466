/**
 * The app node: a Spring Boot application that embeds one Hazelcast member of the inventory cluster and serves the
 * REST API of CONTRACT.md over the engine. Feature packages: {@code node} (the embedded member, the engine beans),
 * {@code monitoring} (health components and the grid's meters), {@code product} (product pages, the catalogue, stock
 * event streams, the administrator's product operations), {@code order} (buying: the purchase saga, reservations,
 * orders), {@code idempotency}, {@code payment}, {@code security}, {@code docs} (OpenAPI), {@code problem} (RFC 9457
 * error responses).
 */
package dev.flashsale.api;
