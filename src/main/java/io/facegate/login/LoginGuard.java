package io.facegate.login;

import io.facegate.account.FaceGateUser;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import io.facegate.audit.LoginAudit;
import io.facegate.config.LoginSettings;
import io.facegate.throttle.AccountRef;
import io.facegate.throttle.AttemptMethod;
import io.facegate.throttle.LoginThrottle;
import io.facegate.throttle.TooManyAttemptsException;
import io.facegate.throttle.Verdict;
import org.springframework.stereotype.Service;

/**
 * The one place password and face logins go through before and after the check: throttling
 * ({@link LoginThrottle}) and the audit trail ({@link LoginAudit}).
 */
@Service
public class LoginGuard {

    private final LoginThrottle throttle;
    private final LoginAudit audit;
    private final UserRepository users;
    private final LoginSettings settings;

    /**
     * @param throttle failure counters
     * @param audit    audit trail
     * @param users    accounts (user name → id)
     * @param settings face mode
     */
    public LoginGuard(LoginThrottle throttle, LoginAudit audit, UserRepository users, LoginSettings settings) {
        this.throttle = throttle;
        this.audit = audit;
        this.users = users;
        this.settings = settings;
    }

    /**
     * @param username as typed, may be null
     * @return the name the attempt is counted on (normalised, whether or not the account exists) with the
     *         account's id when it exists; null when no name is given (or one longer than any account's)
     */
    public AccountRef account(String username) {
        if (username == null || username.isBlank() || username.strip().length() > 32) {
            return null;
        }
        String key = UserAccount.keyOf(username.strip());
        return new AccountRef(key, users.findByUsernameKey(key).map(UserAccount::getId).orElse(null));
    }

    /**
     * @param user an existing account
     * @return its reference
     */
    public static AccountRef account(FaceGateUser user) {
        return new AccountRef(UserAccount.keyOf(user.getUsername()), user.getId());
    }

    private static Long id(AccountRef account) {
        return account == null ? null : account.userId();
    }

    /**
     * Decides an attempt before the credential is tested: refuses (and audits) one that must wait; counts one
     * that may go ahead as a failure at once (atomic with the decision, so parallel attempts cannot pass the
     * limit); {@link #succeeded} or {@link #withdrawn} take the count back.
     *
     * @param method  login method
     * @param account user name named, or null
     * @param address client address
     * @throws TooManyAttemptsException 429 when throttled
     */
    public void check(AttemptMethod method, AccountRef account, String address) {
        refuseUnless(throttle.attempt(method, account, address), method, account, address);
    }

    /**
     * Asks, without counting or auditing anything, whether an attempt would have to wait now: a page asks before
     * the user starts a face check, so that a throttled state shows before the work instead of after it.
     *
     * @param method  login method
     * @param account user name named, or null
     * @param address client address
     * @throws TooManyAttemptsException 429 when an attempt now would be refused
     */
    public void peek(AttemptMethod method, AccountRef account, String address) {
        Verdict verdict = throttle.peek(method, account, address);
        if (!verdict.allowed()) {
            throw TooManyAttemptsException.of(verdict, method, settings.secondFactor());
        }
    }

    /**
     * A 1:N face attempt matched this account: its own limits apply (see {@link LoginThrottle#attemptMatched}).
     *
     * @param method  login method
     * @param account account matched
     * @param address client address
     * @throws TooManyAttemptsException 429 when throttled
     */
    public void checkMatched(AttemptMethod method, AccountRef account, String address) {
        refuseUnless(throttle.attemptMatched(method, account, address), method, account, address);
    }

    private void refuseUnless(Verdict verdict, AttemptMethod method, AccountRef account, String address) {
        if (!verdict.allowed()) {
            TooManyAttemptsException refusal = TooManyAttemptsException.of(verdict, method, settings.secondFactor());
            audit.record(method, LoginAudit.THROTTLED, refusal.code(), id(account), address);
            throw refusal;
        }
    }

    /**
     * A failed check: audited (it was counted by {@link #check}).
     *
     * @param method  login method
     * @param account user name named, or null
     * @param address client address
     * @param reason  reason code
     */
    public void failed(AttemptMethod method, AccountRef account, String address, String reason) {
        audit.record(method, LoginAudit.FAILURE, reason, id(account), address);
    }

    /**
     * A refusal before {@link #check} (missing password step): audited, not counted.
     *
     * @param method  login method
     * @param account user name named, or null
     * @param address client address
     * @param reason  reason code
     */
    public void refused(AttemptMethod method, AccountRef account, String address, String reason) {
        audit.record(method, LoginAudit.FAILURE, reason, id(account), address);
    }

    /**
     * An attempt let through by {@link #check} that tested no credential (bad upload): its count is taken back;
     * audited.
     *
     * @param method  login method
     * @param account user name named, or null
     * @param address client address
     * @param reason  reason code
     */
    public void withdrawn(AttemptMethod method, AccountRef account, String address, String reason) {
        throttle.withdraw(method, account, address);
        audit.record(method, LoginAudit.FAILURE, reason, id(account), address);
    }

    /**
     * A passed check: counters cleared, audited.
     *
     * @param method  login method
     * @param account account
     * @param address client address
     * @param reason  {@code ok}, or {@code face_step_required} for the password step in second-factor mode
     */
    public void succeeded(AttemptMethod method, AccountRef account, String address, String reason) {
        throttle.succeeded(method, account, address);
        audit.record(method, LoginAudit.SUCCESS, reason, account.userId(), address);
    }
}
