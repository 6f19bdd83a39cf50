package io.facegate.config;

/**
 * A setting (environment variable) has a value FaceGate cannot use; thrown at start-up, and printed by
 * {@link SettingsFailureAnalyzer} as one sentence naming the variable and the values it takes.
 */
public class InvalidSettingException extends IllegalArgumentException {

    /** @param message what was wrong and what to give instead, as one sentence a user can act on */
    public InvalidSettingException(String message) {
        super(message);
    }
}
