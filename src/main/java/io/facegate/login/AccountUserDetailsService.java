package io.facegate.login;

import io.facegate.account.FaceGateUser;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads accounts for password login, ignoring the case of the user name; and re-hashes a password at its next
 * successful login when its hash was made under another {@code facegate.password.pbkdf2-iterations} (Spring
 * Security's {@code DaoAuthenticationProvider} calls {@link #updatePassword} then). Until then such an account's wrong
 * passwords are answered faster or slower than others', which tells that the name exists (a README-only tester
 * measured 0.03 s against 0.085 s after the setting changed).
 */
@Service
public class AccountUserDetailsService implements UserDetailsService, UserDetailsPasswordService {

    private final UserRepository users;

    /** @param users accounts */
    public AccountUserDetailsService(UserRepository users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (username == null || username.length() > 32) {
            throw new UsernameNotFoundException("unknown user");
        }
        return users.findByUsernameKey(UserAccount.keyOf(username.strip()))
                .map(FaceGateUser::new)
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    /**
     * @param user        the account just logged in with its password
     * @param newPassword the password hashed with the current setting
     * @return the account with its new hash
     * @throws UsernameNotFoundException if the account was deleted meanwhile
     */
    @Override
    @Transactional
    public UserDetails updatePassword(UserDetails user, String newPassword) {
        UserAccount account = users.findByUsernameKey(UserAccount.keyOf(user.getUsername()))
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
        account.setPasswordHash(newPassword);
        return new FaceGateUser(users.save(account));
    }
}
