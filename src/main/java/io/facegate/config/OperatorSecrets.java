package io.facegate.config;

import java.util.Locale;
import java.util.Set;

/**
 * The rule for operator secrets ({@code TASK_TOKEN}, {@code SECRET_KEY}, {@code OIDC_KEYS_SECRET}): unset or empty
 * is allowed (operator endpoints off, a random remember-me key per start, signing keys stored unencrypted); a set
 * value must have at least {@link #MIN_LENGTH} characters, must not be a known placeholder, and must not be made by
 * a pattern: a placeholder word inside it ({@code changeme-changeme-changeme}, {@code your-task-token-goes-here}),
 * a repetition of a shorter part, a run of consecutive characters ({@code 1234…}, {@code abcd…}) over half its
 * length, or fewer than {@link #MIN_DISTINCT} different characters. Random output ({@code openssl rand -base64 32}
 * or {@code -hex 16}) passes all of these. Pure; the message never repeats the value.
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

    /**
     * Placeholder words that a set value must not contain (after the same folding), the longer and unambiguous
     * entries of {@link #PLACEHOLDERS} and the words of template text; none of them occurs by chance in random
     * output of 24 or more characters more often than about once in 10^7 tries.
     */
    static final Set<String> PLACEHOLDER_WORDS = Set.of("undefined", "changeme", "changeit",
            "password", "passw0rd", "default", "example", "replace", "letmein", "yours", "goeshere", "insert");

    /**
     * Fewest different characters: 24 random hex digits ({@code openssl rand -hex 12}) show fewer than 6 different
     * ones with a probability of 3.2e-9 (counted exactly with Stirling numbers of the second kind); typed patterns
     * ({@code 1212…}, {@code abcabc…}) show fewer.
     */
    public static final int MIN_DISTINCT = 6;

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
        if (!placeholder && value.length() >= MIN_LENGTH && patterned(value, bare)) {
            throw new InvalidSettingException(variable + " is made by a pattern (a placeholder word, a repeated part "
                    + "or a run of consecutive characters), which can be guessed; set it to at least " + MIN_LENGTH
                    + " random characters, e.g. the output of `openssl rand -base64 32`, or leave it empty"
                    + emptyMeans(variable));
        }
        if (placeholder || value.length() < MIN_LENGTH) {
            throw new InvalidSettingException(variable + " is " + (placeholder ? "a placeholder value"
                    : "only " + value.length() + " characters long") + ", which can be guessed; set it to at least "
                    + MIN_LENGTH + " random characters, e.g. the output of `openssl rand -base64 32`, or leave it "
                    + "empty" + emptyMeans(variable));
        }
    }

    /** @return the end of the sentence: what leaving the variable empty does */
    private static String emptyMeans(String variable) {
        return switch (variable) {
            case "TASK_TOKEN" -> " to turn the operator endpoints off.";
            case "OIDC_KEYS_SECRET" -> " (the signing keys are then encrypted with SECRET_KEY, or stored unencrypted).";
            default -> " for a random key per start.";
        };
    }

    /** @return whether a long enough value is still made by a pattern (see the class comment) */
    static boolean patterned(String value, String bare) {
        for (String word : PLACEHOLDER_WORDS) {
            if (bare.contains(word)) {
                return true;
            }
        }
        if (value.chars().distinct().count() < MIN_DISTINCT) {
            return true;
        }
        int n = value.length();
        for (int period = 1; period <= n / 2; period++) {
            boolean repeats = true;
            for (int i = period; i < n && repeats; i++) {
                repeats = value.charAt(i) == value.charAt(i - period);
            }
            if (repeats) {
                return true;
            }
        }
        int consecutive = 0;
        for (int i = 1; i < n; i++) {
            int step = value.charAt(i) - value.charAt(i - 1);
            if (step == 1 || step == -1 || (value.charAt(i) == '0' && value.charAt(i - 1) == '9')) {
                consecutive++;
            }
        }
        return consecutive * 2 > n - 1;
    }
}
