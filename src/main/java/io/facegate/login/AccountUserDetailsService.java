package io.facegate.login;

import io.facegate.account.FaceGateUser;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Loads accounts for password login, ignoring the case of the user name. */
@Service
public class AccountUserDetailsService implements UserDetailsService {

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
}
