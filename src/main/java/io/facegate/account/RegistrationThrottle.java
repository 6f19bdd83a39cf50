package io.facegate.account;

import java.util.function.Supplier;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.facegate.config.FaceGateProperties;
import io.facegate.throttle.AttemptMethod;
import io.facegate.throttle.LoginThrottle;
import io.facegate.throttle.ThrottleRules;
import io.facegate.throttle.TooManyAttemptsException;
import io.facegate.throttle.Verdict;
import io.facegate.web.ApiException;

/**
 * Limits registrations per client address ({@link AttemptMethod#REGISTRATION}, {@link ThrottleRules#registration(int)}):
 * each one that reaches the user-name check counts, created or refused as {@code username_taken}; one refused for
 * the form of its name or password ({@code 400}) is taken back. A refused registration hashes no password and
 * creates nothing. The counters are the shared ones (table {@code login_counters}), so every instance sees them.
 * {@code REGISTRATIONS_PER_ADDRESS=0} turns the limit off (e.g. registration behind the operator's own gate).
 */
@Service
public class RegistrationThrottle {

    private final LoginThrottle throttle;
    private final boolean limited;

    /**
     * @param throttle   the shared counters
     * @param properties {@code REGISTRATIONS_PER_ADDRESS}: 0 turns the limit off
     */
    public RegistrationThrottle(LoginThrottle throttle, FaceGateProperties properties) {
        this.throttle = throttle;
        this.limited = properties.registrationsPerAddress() > 0;
    }

    /**
     * Runs one registration under the limit.
     *
     * @param address      the client's address
     * @param registration the registration itself
     * @param <T>          its result
     * @return the registration's result
     * @throws TooManyAttemptsException 429 {@code too_many_attempts} with {@code Retry-After} when the address must
     *                                  wait; the registration does not run
     * @throws ApiException             the registration's own refusals, unchanged
     */
    public <T> T register(String address, Supplier<T> registration) {
        if (!limited) {
            return registration.get();
        }
        Verdict verdict = throttle.attempt(AttemptMethod.REGISTRATION, null, address);
        if (!verdict.allowed()) {
            throw TooManyAttemptsException.of(verdict, AttemptMethod.REGISTRATION, false);
        }
        try {
            return registration.get();
        } catch (ApiException e) {
            if (e.status() == HttpStatus.BAD_REQUEST) {
                throttle.withdraw(AttemptMethod.REGISTRATION, null, address);
            }
            throw e;
        } catch (RuntimeException e) {
            throttle.withdraw(AttemptMethod.REGISTRATION, null, address);
            throw e;
        }
    }
}
