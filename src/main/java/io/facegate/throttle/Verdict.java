package io.facegate.throttle;

import java.time.Duration;

/**
 * Whether a login attempt may go ahead now.
 *
 * @param allowed    true: check the password or the face
 * @param retryAfter how long to wait (whole seconds, at least 1) when refused for now; null when allowed or
 *                   when the method is disabled for the account
 * @param disabled   true when face login is disabled for the account until a password login
 */
public record Verdict(boolean allowed, Duration retryAfter, boolean disabled) {

    /** Go ahead. */
    public static final Verdict ALLOW = new Verdict(true, null, false);
    /** Face login is disabled for this account until a successful password login. */
    public static final Verdict DISABLED = new Verdict(false, null, true);

    /**
     * @param wait time left
     * @return refused for now, rounded up to whole seconds
     */
    public static Verdict waitFor(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new Verdict(false, Duration.ofSeconds(seconds), false);
    }
}
