package io.facegate.throttle;

import io.facegate.config.LoginSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Counts failed logins in the database (table {@code login_counters}, so every instance sharing the database
 * sees the same counts) and says when the next attempt may be made. Three counters per method:
 * <ul>
 *   <li><b>pair</b> (account, client address): tight, delays from {@link ThrottleRules#pairThreshold()};</li>
 *   <li><b>account</b> (all addresses): from {@link ThrottleRules#accountThreshold()} each address must wait
 *       after <em>its own</em> last failure on that account, so attackers elsewhere slow a user down (at most
 *       {@link ThrottleRules#accountCap()} after the user's own failure) but never block the user's first
 *       attempt; for face login, {@link ThrottleRules#disableAt()} failures disable it for the account;</li>
 *   <li><b>address</b> (all accounts, and attempts naming no account): password spraying, 1:N face guessing.</li>
 * </ul>
 * Attempts refused with a delay are not counted. Two attempts checked at the same instant may both go ahead
 * (check and count are separate statements); the counts stay exact.
 */
@Service
public class LoginThrottle {

    static final String PAIR = "pair";
    static final String ACCOUNT = "account";
    static final String ADDRESS = "address";

    private static final String UPSERT = "INSERT INTO login_counters "
            + "(method, scope, counter_key, user_id, failures, last_failure_ms) VALUES (?, ?, ?, ?, 1, ?) "
            + "ON CONFLICT (method, scope, counter_key) DO UPDATE SET failures = CASE "
            + "WHEN login_counters.last_failure_ms < ? AND login_counters.failures < ? THEN 1 "
            + "ELSE login_counters.failures + 1 END, last_failure_ms = excluded.last_failure_ms";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final LoginSettings settings;
    private final Map<AttemptMethod, ThrottleRules> rules;

    /**
     * @param jdbc     database
     * @param clock    UTC clock
     * @param settings liveness (face numbers) and face mode
     */
    public LoginThrottle(JdbcTemplate jdbc, Clock clock, LoginSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        this.rules = Map.of(AttemptMethod.PASSWORD, ThrottleRules.password(),
                AttemptMethod.FACE, ThrottleRules.face(settings.liveness()));
    }

    /**
     * @param method login method
     * @return its rules
     */
    public ThrottleRules rules(AttemptMethod method) {
        return rules.get(method);
    }

    /**
     * @param method  login method
     * @param userId  the account the attempt names or matched, or null (unknown user, 1:N identification)
     * @param address client address
     * @return whether the attempt may go ahead now
     */
    public Verdict check(AttemptMethod method, Long userId, String address) {
        ThrottleRules r = rules(method);
        long now = clock.millis();
        Map<String, long[]> rows = new HashMap<>();
        jdbc.query("SELECT scope, failures, last_failure_ms FROM login_counters WHERE method = ? AND ("
                        + "(scope = 'pair' AND counter_key = ?) OR (scope = 'account' AND counter_key = ?) "
                        + "OR (scope = 'address' AND counter_key = ?))",
                rs -> {
                    rows.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                },
                method.code(), userId == null ? null : pairKey(userId, address),
                userId == null ? null : userId.toString(), address);
        long[] pair = rows.get(PAIR);
        long[] account = rows.get(ACCOUNT);
        long[] addr = rows.get(ADDRESS);
        int accountFailures = effective(account, now, r, stickyFrom(method));
        if (r.disableAt() > 0 && accountFailures >= r.disableAt()) {
            return Verdict.DISABLED;
        }
        long until = 0;
        if (pair != null) {
            int pairFailures = effective(pair, now, r, Integer.MAX_VALUE);
            until = Math.max(until, waitEnd(pair[1], r.delay(pairFailures, r.pairThreshold(), r.pairCap())));
            if (pairFailures > 0) {
                until = Math.max(until, waitEnd(pair[1],
                        r.delay(accountFailures, r.accountThreshold(), r.accountCap())));
            }
        }
        if (addr != null) {
            int n = effective(addr, now, r, Integer.MAX_VALUE);
            until = Math.max(until, waitEnd(addr[1], r.delay(n, r.addressThreshold(), r.addressCap())));
        }
        return until > now ? Verdict.waitFor(Duration.ofMillis(until - now)) : Verdict.ALLOW;
    }

    /**
     * Counts a failed attempt (not one refused by {@link #check}).
     *
     * @param method  login method
     * @param userId  the account named or matched, or null
     * @param address client address
     */
    public void failed(AttemptMethod method, Long userId, String address) {
        ThrottleRules r = rules(method);
        long now = clock.millis();
        long resetBefore = now - r.resetAfter().toMillis();
        jdbc.update(UPSERT, method.code(), ADDRESS, address, null, now, resetBefore, Integer.MAX_VALUE);
        if (userId != null) {
            jdbc.update(UPSERT, method.code(), PAIR, pairKey(userId, address), userId, now, resetBefore,
                    Integer.MAX_VALUE);
            jdbc.update(UPSERT, method.code(), ACCOUNT, userId.toString(), userId, now, resetBefore,
                    stickyFrom(method));
        }
    }

    /**
     * A successful login: clears that method's counters of the account and of this (account, address) pair. A
     * password login in {@code alternative} mode also clears the face counters of the account (re-enabling face
     * login). Address counters are left alone (a login to one's own account must not hide spraying).
     *
     * @param method  login method
     * @param userId  the account
     * @param address client address
     */
    public void succeeded(AttemptMethod method, long userId, String address) {
        clear(method, userId, address);
        if (method == AttemptMethod.PASSWORD && !settings.secondFactor()) {
            clear(AttemptMethod.FACE, userId, address);
        }
    }

    /**
     * Deletes counters that have had no failure for the reset time (except face-disabled accounts).
     *
     * @return rows deleted
     */
    public int purgeStale() {
        long resetBefore = clock.millis() - ThrottleRules.RESET_AFTER.toMillis();
        return jdbc.update("DELETE FROM login_counters WHERE last_failure_ms < ? AND NOT "
                + "(method = 'face' AND scope = 'account' AND failures >= ?)", resetBefore,
                stickyFrom(AttemptMethod.FACE));
    }

    private void clear(AttemptMethod method, long userId, String address) {
        jdbc.update("DELETE FROM login_counters WHERE method = ? AND ((scope = 'pair' AND counter_key = ?) "
                + "OR (scope = 'account' AND counter_key = ?))", method.code(), pairKey(userId, address),
                Long.toString(userId));
    }

    /**
     * Face-disabled accounts keep their count through the quiet time in {@code alternative} mode (only a password
     * login re-enables face login); in {@code second-factor} mode, where the password cannot re-enable it, the
     * quiet time does.
     */
    private int stickyFrom(AttemptMethod method) {
        ThrottleRules r = rules(method);
        return r.disableAt() > 0 && !settings.secondFactor() ? r.disableAt() : Integer.MAX_VALUE;
    }

    private static long waitEnd(long lastFailureMs, Duration delay) {
        return delay.isZero() ? 0 : lastFailureMs + delay.toMillis();
    }

    private static int effective(long[] row, long now, ThrottleRules r, int stickyFrom) {
        if (row == null) {
            return 0;
        }
        boolean quiet = row[1] < now - r.resetAfter().toMillis();
        return quiet && row[0] < stickyFrom ? 0 : (int) Math.min(row[0], Integer.MAX_VALUE);
    }

    private static String pairKey(long userId, String address) {
        return userId + "|" + address;
    }
}
