package io.facegate.audit;

import io.facegate.throttle.AttemptMethod;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;

/**
 * Records every login attempt (method, outcome, reason code, client address, UTC time, account when known) in
 * {@code login_attempts}. Rows of an account go with it (the cleanup and account deletion); rows naming no
 * account are deleted by the cleanup after ACCOUNT_TTL_HOURS.
 */
@Service
public class LoginAudit {

    /** Outcome: logged in (or, in second-factor mode, the password step passed). */
    public static final String SUCCESS = "success";
    /** Outcome: wrong password, face not matched, frames refused. */
    public static final String FAILURE = "failure";
    /** Outcome: refused before checking (429). */
    public static final String THROTTLED = "throttled";

    private static final Logger log = LoggerFactory.getLogger(LoginAudit.class);

    /** Meter of login attempts, tags {@code method} and {@code outcome} as stored here. */
    public static final String METER = "facegate.login.attempts";

    private final LoginAttemptRepository attempts;
    private final Clock clock;
    private final MeterRegistry meters;

    /**
     * @param attempts audit rows
     * @param clock    UTC clock
     * @param meters   where each attempt is also counted ({@value #METER})
     */
    public LoginAudit(LoginAttemptRepository attempts, Clock clock, MeterRegistry meters) {
        this.attempts = attempts;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * One login attempt as its user sees it.
     *
     * @param method  {@code password} or {@code face}
     * @param outcome {@code success}, {@code failure} or {@code throttled}
     * @param reason  reason code
     * @param address client address
     * @param at      ISO-8601 UTC
     */
    public record Entry(String method, String outcome, String reason, String address, String at) {
    }

    /**
     * Stores and counts one attempt; a database failure is logged and does not change the login's answer.
     *
     * @param method  login method
     * @param outcome {@link #SUCCESS}, {@link #FAILURE} or {@link #THROTTLED}
     * @param reason  reason code, e.g. {@code wrong_password}, {@code no_match}, {@code too_many_attempts}
     * @param userId  account, or null when unknown
     * @param address client address
     */
    public void record(AttemptMethod method, String outcome, String reason, Long userId, String address) {
        Counter.builder(METER).description("Login attempts by method and outcome")
                .tag("method", method.code()).tag("outcome", outcome).register(meters).increment();
        try {
            attempts.save(new LoginAttempt(userId, method.code(), outcome, reason, address, clock.instant()));
        } catch (DataAccessException e) {
            log.warn("Could not record a {} login attempt ({} {}): {}", method.code(), outcome, reason, e.toString());
        }
    }

    /**
     * @param userId account
     * @param limit  most entries
     * @return its latest attempts, newest first
     */
    public List<Entry> recent(long userId, int limit) {
        return attempts.findByUserIdOrderByAttemptedAtDescIdDesc(userId, PageRequest.of(0, limit)).stream()
                .map(a -> new Entry(a.getMethod(), a.getOutcome(), a.getReason(), a.getClientAddress(),
                        a.getAttemptedAt().toString()))
                .toList();
    }
}
