package io.facegate.throttle;

import io.facegate.web.ApiException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * 429: a login attempt refused by {@link LoginThrottle} before the password or face was checked. Scripts get
 * {@code {"error": "too_many_attempts", "message"}} with {@code Retry-After} in seconds, or
 * {@code face_login_disabled} (no {@code Retry-After}: only a password login ends it).
 */
public class TooManyAttemptsException extends ApiException {

    /** Code of a delay. */
    public static final String TOO_MANY_ATTEMPTS = "too_many_attempts";
    /** Code of face login disabled for the account. */
    public static final String FACE_LOGIN_DISABLED = "face_login_disabled";

    private final Duration retryAfter;

    private TooManyAttemptsException(String code, String message, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, code, message);
        this.retryAfter = retryAfter;
    }

    /**
     * @param verdict a refusal of {@link LoginThrottle#attempt}
     * @param method  the method refused
     * @param secondFactor whether face login is the second step (then a password login does not re-enable it)
     * @return the answer
     */
    public static TooManyAttemptsException of(Verdict verdict, AttemptMethod method, boolean secondFactor) {
        if (verdict.disabled()) {
            return new TooManyAttemptsException(FACE_LOGIN_DISABLED, secondFactor
                    ? "Face login is disabled for this account after too many failed attempts; try again tomorrow."
                    : "Face login is disabled for this account after too many failed attempts; log in with your "
                    + "password to enable it again.", null);
        }
        long seconds = verdict.retryAfter().toSeconds();
        if (method == AttemptMethod.FACE_SETUP) {
            return new TooManyAttemptsException(TOO_MANY_ATTEMPTS, "Too many Face ID setups. Try again in "
                    + seconds + (seconds == 1 ? " second" : " seconds") + ".", verdict.retryAfter());
        }
        if (method == AttemptMethod.REGISTRATION) {
            return new TooManyAttemptsException(TOO_MANY_ATTEMPTS, "Too many registrations from your network. Try "
                    + "again in " + seconds + (seconds == 1 ? " second" : " seconds") + ".", verdict.retryAfter());
        }
        String other = method == AttemptMethod.FACE && !secondFactor ? ", or log in with your password" : "";
        return new TooManyAttemptsException(TOO_MANY_ATTEMPTS, "Too many failed attempts. Try again in "
                + seconds + (seconds == 1 ? " second" : " seconds") + other + ".", verdict.retryAfter());
    }

    /** @return how long to wait, or null when only a password login helps */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public HttpHeaders headers() {
        if (retryAfter == null) {
            return HttpHeaders.EMPTY;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
        return headers;
    }
}
