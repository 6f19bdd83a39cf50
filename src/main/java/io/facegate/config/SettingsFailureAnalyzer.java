package io.facegate.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Prints a bad setting ({@link InvalidSettingException}) as one clear start-up failure instead of a stack trace.
 * First in line, so Spring Boot's bean-creation and binding analyzers do not answer for it.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class SettingsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix that environment variable (see Configuration in README.md) and start again.", cause);
    }
}
