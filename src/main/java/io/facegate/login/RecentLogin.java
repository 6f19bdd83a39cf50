package io.facegate.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.security.core.Authentication;

/**
 * Whether a session proved a login factor (password, face or passkey) recently enough to add a new way into the
 * account (a passkey, a Face ID setup). A "keep me signed in" authentication proves no factor, and a session left
 * open on a shared computer goes stale: someone who finds either cannot add their own passkey or face, which would
 * outlive the owner's password change.
 */
public final class RecentLogin {

    /** How recent the session's latest factor must be: 10 minutes. */
    public static final Duration WINDOW = Duration.ofMinutes(10);

    private RecentLogin() {
    }

    /**
     * @param authentication the session's login, or null
     * @param now            the current time
     * @return whether a factor was proven in this session within {@link #WINDOW} before {@code now}
     */
    public static boolean isRecent(Authentication authentication, Instant now) {
        Optional<Instant> last = authentication == null || LoginFactors.of(authentication).isEmpty() ? Optional.empty()
                : LoginFactors.authTime(authentication.getAuthorities());
        return last.isPresent() && !last.get().isBefore(now.minus(WINDOW));
    }
}
