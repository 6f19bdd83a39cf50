package io.facegate.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a bad {@code DATABASE_URL} as one clear start-up failure instead of a stack trace. */
class DatabaseUrlFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDatabaseUrlException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidDatabaseUrlException cause) {
        return new FailureAnalysis(cause.getMessage(), "Fix the DATABASE_URL environment variable.", cause);
    }
}
