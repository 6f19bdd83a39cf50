package io.facegate.account;

import io.facegate.web.ApiException;

/**
 * Confirms the logged-in user's current password before a change that asks for it (changing the password,
 * deleting the account). Implemented by the login package, which throttles and audits the check as it does
 * password logins.
 */
public interface PasswordConfirmation {

    /**
     * @param user     the logged-in user
     * @param password the password given
     * @param address  client address
     * @throws ApiException 400 {@code wrong_password}; 429 {@code too_many_attempts} (with {@code Retry-After})
     *                      when throttled, before the password is checked
     */
    void confirm(FaceGateUser user, String password, String address);
}
