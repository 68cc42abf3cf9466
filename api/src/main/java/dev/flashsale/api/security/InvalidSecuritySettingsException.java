package dev.flashsale.api.security;

import java.io.Serial;
import java.util.List;

/**
 * The identity settings are missing or unfit, so the node must not start. The message names every variable at fault;
 * {@link SecuritySettingsFailureAnalyzer} prints it as the reason start-up failed.
 */
final class InvalidSecuritySettingsException extends IllegalStateException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    InvalidSecuritySettingsException(List<String> problems) {
        super("the identity settings are incomplete: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, naming its environment variable. */
    List<String> problems() {
        return problems;
    }
}
