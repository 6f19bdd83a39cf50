package io.facegate.throttle;

import io.facegate.liveness.LivenessMode;

import io.facegate.config.LoginSettings;
import java.time.Duration;

/**
 * The numbers of one method's throttling. A delay starts when a counter reaches its threshold: after the
 * {@code n}-th consecutive failure ({@code n ≥ threshold}) the next attempt must wait
 * {@code baseDelay × 2^(n − threshold)}, at most the cap. A counter without a failure for {@code resetAfter}
 * starts again from zero (except a face-disabled account, see {@link #disableAt}).
 *
 * @param pairThreshold    consecutive failures of one account from one client address before delays start
 * @param pairCap          longest delay of a (account, address) pair
 * @param accountThreshold failures of one account from all addresses before every address must wait after its
 *                         own last failure on that account (delays only, never a hard lock)
 * @param accountCap       longest such wait
 * @param addressThreshold failures from one address across all accounts (and attempts naming no account)
 *                         before that address waits
 * @param addressCap       longest delay of an address
 * @param disableAt        failures of one account after which this method is disabled for it until a
 *                         successful password login; 0 = never disabled (the password path)
 * @param baseDelay        first delay (NIST SP 800-63B: at least 30 s)
 * @param resetAfter       quiet time after which a counter starts again (Keycloak's default failure reset
 *                         time, 12 h)
 */
public record ThrottleRules(int pairThreshold, Duration pairCap, int accountThreshold, Duration accountCap,
                            int addressThreshold, Duration addressCap, int disableAt, Duration baseDelay,
                            Duration resetAfter) {

    /** NIST SP 800-63B 5.2.3: at least 30 s after the limit, doubling. */
    public static final Duration BASE_DELAY = Duration.ofSeconds(30);
    /** Keycloak brute-force detection default "failure reset time". */
    public static final Duration RESET_AFTER = Duration.ofHours(12);

    /**
     * Face login, NIST SP 800-63B 5.2.3: with presentation-attack detection 10 consecutive failures before a
     * delay and 100 before the biometric is disabled; without it 5 and 50. Addresses across accounts get twice
     * the pair threshold (offices behind one address).
     *
     * @param liveness whether the liveness challenge runs
     * @return face rules
     */
    public static ThrottleRules face(LivenessMode liveness) {
        int limit = liveness == LivenessMode.ACTIVE ? 10 : 5;
        return new ThrottleRules(limit, Duration.ofHours(24), limit, Duration.ofMinutes(15), 2 * limit,
                Duration.ofHours(1), 10 * limit, BASE_DELAY, RESET_AFTER);
    }

    /**
     * Password login: delays after 5 failures of a pair (as face without PAD), 10 of an account, 20 of an
     * address; capped at 15 min (Keycloak's default "max wait") for pairs and accounts, 1 h for an address;
     * never disabled.
     *
     * @return password rules
     */
    public static ThrottleRules password() {
        return new ThrottleRules(5, Duration.ofMinutes(15), 10, Duration.ofMinutes(15), 20, Duration.ofHours(1),
                0, BASE_DELAY, RESET_AFTER);
    }

    /**
     * Passkey login: the password's numbers (5 / 10 / 20, never disabled). A WebAuthn signature cannot be guessed,
     * so failures are scripts sending forged or replayed assertions, or a broken authenticator; the same delays
     * as the password keep such a script as slow as a password guesser and never lock the account.
     *
     * @return passkey rules
     */
    public static ThrottleRules passkey() {
        return password();
    }

    /**
     * Face ID setups that reached the comparison with every enrolled face (stored, or refused as
     * {@code face_not_unique}), each counted whatever its outcome: delays after 5 of an account from one address
     * or of an account, 20 of an address (an office behind one address), within {@link #RESET_AFTER}; capped at 24 h; never disabled. A user sets
     * Face ID up once, and again now and then (a new camera, glasses); refusals for the picture (blurred, dark, not
     * frontal) do not count. Without this, one account could test photos of person after person for "already set up
     * here" (found by a README-only tester: 15 people in 5 s).
     *
     * @return Face ID setup rules
     */
    public static ThrottleRules faceSetup() {
        return new ThrottleRules(5, Duration.ofHours(24), 5, Duration.ofHours(24), 20, Duration.ofHours(24),
                0, BASE_DELAY, RESET_AFTER);
    }

    /**
     * Registrations from one client address, each counted whether it created the account or found the name taken
     * (refusals for the name's or the password's form tested nothing and do not count): by default delays after 20 within
     * {@link #RESET_AFTER} (the address threshold of the password and of Face ID setup: an office or a class behind
     * one address), capped at 1 h (the password's address cap). No account is named, so only the address counts.
     * Without it one address created 30 accounts in 2.7 s and tested 200 names in under 5 s (a README-only tester).
     *
     * @param perAddress registrations before delays start ({@code REGISTRATIONS_PER_ADDRESS}, default 20; ≥ 1)
     * @return registration rules
     */
    public static ThrottleRules registration(int perAddress) {
        return new ThrottleRules(perAddress, Duration.ofHours(1), perAddress, Duration.ofHours(1), perAddress,
                Duration.ofHours(1), 0, BASE_DELAY, RESET_AFTER);
    }

    /**
     * @param failures  consecutive failures counted
     * @param threshold where delays start
     * @param cap       longest delay
     * @return the wait after the last of those failures; zero below the threshold
     */
    public Duration delay(int failures, int threshold, Duration cap) {
        if (failures < threshold) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - threshold, 40);
        long millis = baseDelay.toMillis();
        for (int i = 0; i < doublings && millis < cap.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, cap.toMillis()));
    }
}
