package io.facegate.throttle;

import io.facegate.config.FaceGateProperties;
import io.facegate.config.LoginSettings;
import io.facegate.web.ClientAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Counts failed logins in the database (table {@code login_counters}, so every instance sharing the database
 * sees the same counts) and says when the next attempt may be made. Three counters per method:
 * Accounts are counted by their normalised user name, whether or not such an account exists ({@link AccountRef}):
 * an unknown name is delayed and face-disabled exactly like a real one, so the answers do not reveal which
 * names exist.
 * <ul>
 *   <li><b>pair</b> (account, client address): tight, delays from {@link ThrottleRules#pairThreshold()};</li>
 *   <li><b>account</b> (all addresses): from {@link ThrottleRules#accountThreshold()} each address must wait
 *       after <em>its own</em> last failure on that account, so attackers elsewhere slow a user down (at most
 *       {@link ThrottleRules#accountCap()} after the user's own failure) but never block the user's first
 *       attempt; for face login, {@link ThrottleRules#disableAt()} failures disable it for the account;</li>
 *   <li><b>address</b> (all accounts, and attempts naming no account): password spraying, 1:N face guessing.</li>
 * </ul>
 * A client address is counted by its network ({@link ClientAddress#network}): an IPv4 address, or the /64 of an
 * IPv6 one (a subscriber's least allocation: from one /64 a README-only tester made 40 password guesses on one
 * account, each from a new address, and none was delayed), whatever its spelling.
 * An attempt is counted up front, as a failure, by an atomic upsert that returns the new count
 * ({@code INSERT … ON CONFLICT … DO UPDATE … RETURNING}, SQLite ≥ 3.35 and PostgreSQL), and decided on that
 * value: attempts racing each other get consecutive counts, so at most the limit of them go ahead. A success
 * clears the counters as before ({@link #succeeded}); attempts refused with a delay, and those that tested no
 * credential ({@link #withdraw}), are not counted.
 */
@Service
public class LoginThrottle {

    static final String PAIR = "pair";
    static final String ACCOUNT = "account";
    static final String ADDRESS = "address";

    private static final String UPSERT = "INSERT INTO login_counters "
            + "(method, scope, counter_key, user_id, failures, last_failure_ms) VALUES (?, ?, ?, ?, 1, ?) "
            + "ON CONFLICT (method, scope, counter_key) DO UPDATE SET "
            + "user_id = COALESCE(excluded.user_id, login_counters.user_id), failures = CASE "
            + "WHEN login_counters.last_failure_ms < ? AND login_counters.failures < ? THEN 1 "
            + "ELSE login_counters.failures + 1 END, previous_failure_ms = login_counters.last_failure_ms, "
            + "last_failure_ms = excluded.last_failure_ms";
    private static final String COUNT = UPSERT + " RETURNING failures";
    /**
     * Takes one count back and restores the last failure time from before it, so that the wait is the one before the
     * attempt (a correct password from a busy address must not start a new wait for the next user there).
     */
    private static final String UNCOUNT = "UPDATE login_counters SET failures = failures - 1, "
            + "last_failure_ms = COALESCE(previous_failure_ms, last_failure_ms), previous_failure_ms = NULL "
            + "WHERE method = ? AND scope = ? AND counter_key = ? AND failures > 0";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final LoginSettings settings;
    private final Map<AttemptMethod, ThrottleRules> rules;

    /**
     * @param jdbc     database
     * @param clock    UTC clock
     * @param settings liveness (face numbers) and face mode
     * @param properties {@code REGISTRATIONS_PER_ADDRESS} (registrations; 0 is applied by the caller, see
     *                 {@code account.RegistrationThrottle})
     */
    public LoginThrottle(JdbcTemplate jdbc, Clock clock, LoginSettings settings, FaceGateProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        this.rules = Map.of(AttemptMethod.PASSWORD, ThrottleRules.password(),
                AttemptMethod.FACE, ThrottleRules.face(settings.liveness()),
                AttemptMethod.PASSKEY, ThrottleRules.passkey(), AttemptMethod.FACE_SETUP, ThrottleRules.faceSetup(),
                AttemptMethod.REGISTRATION, ThrottleRules.registration(Math.max(1, properties.registrationsPerAddress())));
    }

    /**
     * @param method login method
     * @return its rules
     */
    public ThrottleRules rules(AttemptMethod method) {
        return rules.get(method);
    }

    /**
     * Decides an attempt and, when it may go ahead, counts it as a failure at once (a success is cleared by
     * {@link #succeeded}, an attempt that tested no credential by {@link #withdraw}).
     *
     * @param method  login method
     * @param account the user name the attempt names (existing or not), or null (1:N identification)
     * @param address client address
     * @return whether the attempt may go ahead now
     */
    public Verdict attempt(AttemptMethod method, AccountRef account, String address) {
        address = ClientAddress.network(address);
        return attempt(method, account, address, true);
    }

    /**
     * A 1:N face attempt (already counted on its address by {@link #attempt}) matched this account: the
     * account's own limits apply, and the attempt is counted on it too.
     *
     * @param method  login method
     * @param account the account matched
     * @param address client address
     * @return whether the login may go ahead; when refused, the address count of the attempt is withdrawn too
     */
    public Verdict attemptMatched(AttemptMethod method, AccountRef account, String address) {
        address = ClientAddress.network(address);
        Verdict verdict = attempt(method, account, address, false);
        if (!verdict.allowed()) {
            jdbc.update(UNCOUNT, method.code(), ADDRESS, address);
        }
        return verdict;
    }

    /**
     * Whether an attempt would have to wait now, without counting anything (a page asks before the user starts a
     * face check, so that a throttled state is shown before the work, not after it).
     *
     * @param method  login method
     * @param account user name named, or null
     * @param address client address
     * @return {@link Verdict#ALLOW}, a wait, or {@link Verdict#DISABLED}; an attempt made next may still be refused
     *         if others race it
     */
    public Verdict peek(AttemptMethod method, AccountRef account, String address) {
        address = ClientAddress.network(address);
        Verdict waiting = waiting(read(method, account, address), method, rules(method), clock.millis());
        return waiting == null ? Verdict.ALLOW : waiting;
    }

    private Map<String, long[]> read(AttemptMethod method, AccountRef account, String address) {
        Map<String, long[]> rows = new HashMap<>();
        jdbc.query("SELECT scope, failures, last_failure_ms FROM login_counters WHERE method = ? AND ("
                        + "(scope = 'pair' AND counter_key = ?) OR (scope = 'account' AND counter_key = ?) "
                        + "OR (scope = 'address' AND counter_key = ?))",
                rs -> {
                    rows.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                },
                method.code(), account == null ? null : pairKey(account, address),
                account == null ? null : account.key(), address);
        return rows;
    }

    /** The read-only part of {@link #attempt}: a wait or DISABLED from the stored counts, or null. */
    private Verdict waiting(Map<String, long[]> rows, AttemptMethod method, ThrottleRules r, long now) {
        long[] pair = rows.get(PAIR);
        long[] acct = rows.get(ACCOUNT);
        long[] addr = rows.get(ADDRESS);
        int accountFailures = effective(acct, now, r, stickyFrom(method));
        if (r.disableAt() > 0 && accountFailures >= r.disableAt()) {
            return Verdict.DISABLED;
        }
        int pairFailures = effective(pair, now, r, Integer.MAX_VALUE);
        int addressFailures = effective(addr, now, r, Integer.MAX_VALUE);
        long until = 0;
        if (pair != null) {
            until = Math.max(until, waitEnd(pair[1], r.delay(pairFailures, r.pairThreshold(), r.pairCap())));
            if (pairFailures > 0) {
                until = Math.max(until, waitEnd(pair[1],
                        r.delay(accountFailures, r.accountThreshold(), r.accountCap())));
            }
        }
        if (acct != null && limitsTheAccountEverywhere(method)) {
            until = Math.max(until, waitEnd(acct[1], r.delay(accountFailures, r.accountThreshold(), r.accountCap())));
        }
        if (addr != null) {
            until = Math.max(until, waitEnd(addr[1], r.delay(addressFailures, r.addressThreshold(),
                    r.addressCap())));
        }
        return until > now ? Verdict.waitFor(Duration.ofMillis(until - now)) : null;
    }

    /**
     * Whether the account's own count delays attempts from every address. A login's account count delays only the
     * addresses that failed on it themselves (attackers elsewhere must not lock the user out); a Face ID setup is
     * made by the logged-in owner of the account, who has no one to be protected from, so its account limit holds
     * from any address (a README-only tester made 7 setups on one account, each from a new address, none delayed).
     */
    private static boolean limitsTheAccountEverywhere(AttemptMethod method) {
        return method == AttemptMethod.FACE_SETUP;
    }

    private Verdict attempt(AttemptMethod method, AccountRef account, String address, boolean countAddress) {
        ThrottleRules r = rules(method);
        long now = clock.millis();
        Map<String, long[]> rows = read(method, account, address);
        Verdict waiting = waiting(rows, method, r, now);
        if (waiting != null) {
            return waiting;
        }
        int accountFailures = effective(rows.get(ACCOUNT), now, r, stickyFrom(method));
        int pairFailures = effective(rows.get(PAIR), now, r, Integer.MAX_VALUE);
        int addressFailures = effective(rows.get(ADDRESS), now, r, Integer.MAX_VALUE);
        // Count it now and decide on the counts returned: an attempt that raced another one and finds a count
        // past a limit that its read did not see waits like the attempt after that limit.
        long resetBefore = now - r.resetAfter().toMillis();
        Duration raced = Duration.ZERO;
        boolean disabled = false;
        if (countAddress) {
            int n = count(method, ADDRESS, address, null, now, resetBefore, Integer.MAX_VALUE);
            if (n != addressFailures + 1 && n > r.addressThreshold()) {
                raced = max(raced, r.delay(n - 1, r.addressThreshold(), r.addressCap()));
            }
        }
        if (account != null) {
            int p = count(method, PAIR, pairKey(account, address), account.userId(), now, resetBefore,
                    Integer.MAX_VALUE);
            int a = count(method, ACCOUNT, account.key(), account.userId(), now, resetBefore, stickyFrom(method));
            if (p != pairFailures + 1 && p > r.pairThreshold()) {
                raced = max(raced, r.delay(p - 1, r.pairThreshold(), r.pairCap()));
            }
            if (a != accountFailures + 1) {
                disabled = r.disableAt() > 0 && a > r.disableAt();
                if ((p > 1 || limitsTheAccountEverywhere(method)) && a > r.accountThreshold()) {
                    raced = max(raced, r.delay(a - 1, r.accountThreshold(), r.accountCap()));
                }
            }
        }
        if (!disabled && raced.isZero()) {
            return Verdict.ALLOW;
        }
        uncount(method, countAddress ? address : null, account, address);
        return disabled ? Verdict.DISABLED : Verdict.waitFor(raced);
    }

    /**
     * An attempt let through by {@link #attempt} that tested no credential after all (malformed upload, missing
     * password step): its count is taken back.
     *
     * @param method  login method
     * @param account the user name it was counted on, or null
     * @param address client address
     */
    public void withdraw(AttemptMethod method, AccountRef account, String address) {
        address = ClientAddress.network(address);
        uncount(method, address, account, address);
    }

    private void uncount(AttemptMethod method, String addressKey, AccountRef account, String address) {
        if (addressKey != null) {
            jdbc.update(UNCOUNT, method.code(), ADDRESS, addressKey);
        }
        if (account != null) {
            jdbc.update(UNCOUNT, method.code(), PAIR, pairKey(account, address));
            jdbc.update(UNCOUNT, method.code(), ACCOUNT, account.key());
        }
    }

    private int count(AttemptMethod method, String scope, String key, Long userId, long now, long resetBefore,
                      int stickyFrom) {
        Integer n = jdbc.queryForObject(COUNT, Integer.class, method.code(), scope, key, userId, now, resetBefore,
                stickyFrom);
        return n == null ? 0 : n;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Counts one failure without deciding an attempt (for imports and tests; logins are counted by
     * {@link #attempt}).
     *
     * @param method  login method
     * @param account the user name named or matched, or null
     * @param address client address
     */
    public void failed(AttemptMethod method, AccountRef account, String address) {
        address = ClientAddress.network(address);
        ThrottleRules r = rules(method);
        long now = clock.millis();
        long resetBefore = now - r.resetAfter().toMillis();
        jdbc.update(UPSERT, method.code(), ADDRESS, address, null, now, resetBefore, Integer.MAX_VALUE);
        if (account != null) {
            jdbc.update(UPSERT, method.code(), PAIR, pairKey(account, address), account.userId(), now, resetBefore,
                    Integer.MAX_VALUE);
            jdbc.update(UPSERT, method.code(), ACCOUNT, account.key(), account.userId(), now, resetBefore,
                    stickyFrom(method));
        }
    }

    /**
     * A successful login: clears that method's counters of the account and of this (account, address) pair, and
     * takes back the count of the attempt on the address. A password login in {@code alternative} mode also clears the face counters of the account (re-enabling face
     * login). Address counters are left alone (a login to one's own account must not hide spraying).
     *
     * @param method  login method
     * @param account the account
     * @param address client address
     */
    public void succeeded(AttemptMethod method, AccountRef account, String address) {
        address = ClientAddress.network(address);
        clear(method, account, address);
        jdbc.update(UNCOUNT, method.code(), ADDRESS, address);
        if (method == AttemptMethod.PASSWORD && !settings.secondFactor()) {
            clear(AttemptMethod.FACE, account, address);
        }
    }

    /**
     * Deletes counters that have had no failure for the reset time, except face-disabled user names. Those of
     * an existing account go with the account (at the latest {@code ACCOUNT_TTL_HOURS} after it was made);
     * those of a name with no account are deleted once quiet for {@code ACCOUNT_TTL_HOURS}, so they last no
     * shorter than a real account's would.
     *
     * @param unknownNamesBefore face-disabled counters of names with no account that have had no failure
     *                           since then are deleted too; null keeps them (accounts kept for ever)
     * @return rows deleted
     */
    public int purgeStale(Instant unknownNamesBefore) {
        long resetBefore = clock.millis() - ThrottleRules.RESET_AFTER.toMillis();
        int deleted = jdbc.update("DELETE FROM login_counters WHERE last_failure_ms < ? AND NOT "
                + "(method = 'face' AND scope = 'account' AND failures >= ?)", resetBefore,
                stickyFrom(AttemptMethod.FACE));
        if (unknownNamesBefore != null) {
            deleted += jdbc.update("DELETE FROM login_counters WHERE user_id IS NULL AND scope = 'account' "
                    + "AND last_failure_ms < ?", unknownNamesBefore.toEpochMilli());
        }
        return deleted;
    }

    private void clear(AttemptMethod method, AccountRef account, String address) {
        jdbc.update("DELETE FROM login_counters WHERE method = ? AND ((scope = 'pair' AND counter_key = ?) "
                + "OR (scope = 'account' AND counter_key = ?))", method.code(), pairKey(account, address),
                account.key());
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

    private static String pairKey(AccountRef account, String address) {
        return account.key() + "|" + address;
    }
}
