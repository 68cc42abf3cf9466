/**
 * Who the caller is and what they may do: buyers with HS256 bearer tokens, the administrator with HTTP Basic, the
 * access rules of CONTRACT.md, and {@link dev.flashsale.api.security.Caller}, which controllers declare as a
 * parameter to learn who is calling. Settings come from {@code inventory.security.*} (the environment variables
 * {@code INVENTORY_JWT_SECRET}, {@code INVENTORY_ADMIN_USER}, {@code INVENTORY_ADMIN_PASSWORD}); every refusal is an
 * RFC 9457 problem.
 */
package dev.flashsale.api.security;
