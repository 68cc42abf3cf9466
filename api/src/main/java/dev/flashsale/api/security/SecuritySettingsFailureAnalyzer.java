package dev.flashsale.api.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed on {@link InvalidSecuritySettingsException}: Spring Boot prints the problems, one per
 * line, and how to fix them, instead of a stack trace. Registered in {@code META-INF/spring.factories}. Stateless.
 */
final class SecuritySettingsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSecuritySettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSecuritySettingsException cause) {
        return new FailureAnalysis(
                "The node has no usable identity settings:\n  - " + String.join("\n  - ", cause.problems()),
                "Set INVENTORY_JWT_SECRET (at least " + SecurityProperties.MIN_JWT_SECRET_BYTES
                        + " bytes), INVENTORY_ADMIN_USER and INVENTORY_ADMIN_PASSWORD (at least "
                        + SecurityProperties.MIN_ADMIN_PASSWORD_LENGTH
                        + " characters) in the environment, or run with the Spring profile 'local'"
                        + " (--spring.profiles.active=local) for the local deployment's defaults.",
                cause);
    }
}
