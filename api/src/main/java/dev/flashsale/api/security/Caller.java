package dev.flashsale.api.security;

/**
 * Who sends a request: a buyer (the {@code sub} of their token) or the administrator. Controllers take it as a
 * parameter. Immutable.
 */
public record Caller(String userId, boolean administrator) {}
