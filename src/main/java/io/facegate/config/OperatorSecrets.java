package io.facegate.config;

import java.util.Locale;
import java.util.Set;

/**
 * The rule for operator secrets ({@code TASK_TOKEN}, {@code SECRET_KEY}): unset or empty is allowed (operator
 * endpoints off, or a random remember-me key per start); a set value must have at least {@link #MIN_LENGTH}
 * characters and must not be a known placeholder. Pure; the message never repeats the value.
 */
public final class OperatorSecrets {

    /**
     * Fewest characters of a set secret: 24 characters of {@code openssl rand -base64 32}'s output already carry
     * 144 bits, far beyond guessing; shorter values are almost always typed by hand.
     */
    public static final int MIN_LENGTH = 24;

    /**
     * Values that a template, a shell or a hurried operator leaves in a variable (compared ignoring case and
     * everything but letters and digits).
     */
    static final Set<String> PLACEHOLDERS = Set.of("undefined", "null", "none", "nil", "empty", "changeme",
            "changeit", "secret", "secretkey", "token", "tasktoken", "password", "passw0rd", "default", "example",
            "test", "todo", "xxx", "admin", "letmein", "123456", "replaceme", "yoursecret", "yourtoken");

    private OperatorSecrets() {
    }

    /**
     * @param variable the environment variable's name, for the message
     * @param value    its value; null or blank passes
     * @throws InvalidSettingException when it is set but too short or a placeholder
     */
    public static void check(String variable, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        String bare = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        boolean placeholder = PLACEHOLDERS.contains(bare) || bare.chars().distinct().count() <= 1;
        if (placeholder || value.length() < MIN_LENGTH) {
            throw new InvalidSettingException(variable + " is " + (placeholder ? "a placeholder value"
                    : "only " + value.length() + " characters long") + ", which can be guessed; set it to at least "
                    + MIN_LENGTH + " random characters, e.g. the output of `openssl rand -base64 32`, or leave it "
                    + "empty" + ("TASK_TOKEN".equals(variable) ? " to turn the operator endpoints off."
                    : " for a random key per start."));
        }
    }
}
