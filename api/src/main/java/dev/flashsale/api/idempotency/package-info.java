/**
 * Idempotency keys: each buyer's requests remembered in the grid under their {@code Idempotency-Key} for at least 24
 * hours, so that the same request answers the same from any node, and a request whose node died can be resumed.
 */
package dev.flashsale.api.idempotency;
