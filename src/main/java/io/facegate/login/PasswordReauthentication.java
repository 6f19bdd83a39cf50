package io.facegate.login;

import io.facegate.account.AccountService;
import io.facegate.account.FaceGateUser;
import io.facegate.account.PasswordConfirmation;
import io.facegate.throttle.AccountRef;
import io.facegate.throttle.AttemptMethod;
import io.facegate.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The current-password check of {@code POST /account/password} and {@code POST /account/delete}, throttled and
 * audited through {@link LoginGuard} exactly as a password login: the same counters (method {@code password}, per
 * (account, address), account and address), the same 429 answers, and audit rows of method {@code password} with
 * reason {@value #REAUTH_OK} or {@value #REAUTH_FAILED} ({@code too_many_attempts} when throttled). A correct
 * password clears the counters as a successful login does.
 */
@Component
public class PasswordReauthentication implements PasswordConfirmation {

    /** Audit reason of a correct current password. */
    public static final String REAUTH_OK = "reauth_ok";
    /** Audit reason of a wrong current password. */
    public static final String REAUTH_FAILED = "reauth_failed";

    private final LoginGuard guard;
    private final AccountService accounts;

    /**
     * @param guard    throttling and audit of password logins
     * @param accounts the password check
     */
    public PasswordReauthentication(LoginGuard guard, AccountService accounts) {
        this.guard = guard;
        this.accounts = accounts;
    }

    @Override
    public void confirm(FaceGateUser user, String password, String address) {
        AccountRef account = LoginGuard.account(user);
        guard.check(AttemptMethod.PASSWORD, account, address);
        boolean matches;
        try {
            matches = accounts.passwordMatches(user.getId(), password);
        } catch (ApiException e) { // the account is gone: nothing was tested
            guard.withdrawn(AttemptMethod.PASSWORD, new AccountRef(account.key(), null), address, e.code());
            throw e;
        }
        if (!matches) {
            guard.failed(AttemptMethod.PASSWORD, account, address, REAUTH_FAILED);
            throw new ApiException(HttpStatus.BAD_REQUEST, "wrong_password", "The current password is not correct.");
        }
        guard.succeeded(AttemptMethod.PASSWORD, account, address, REAUTH_OK);
    }
}
