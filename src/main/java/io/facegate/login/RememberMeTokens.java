package io.facegate.login;

import io.facegate.account.UserAccount;
import java.sql.Timestamp;
import javax.sql.DataSource;
import org.springframework.security.web.authentication.rememberme.JdbcTokenRepositoryImpl;
import org.springframework.security.web.authentication.rememberme.PersistentRememberMeToken;
import org.springframework.stereotype.Component;

/**
 * "Keep me signed in" tokens in table {@code persistent_logins} (Flyway {@code V5}): Spring Security's
 * {@link JdbcTokenRepositoryImpl}, with each token also tied to its account's id ({@code ON DELETE CASCADE}), so
 * deleting an account (by its owner or by the cleanup) deletes its tokens. {@link #removeUserTokens} (log out,
 * log out everywhere, password change) removes every token of the account, whatever the case of the name given.
 */
@Component
public class RememberMeTokens extends JdbcTokenRepositoryImpl {

    /** @param dataSource the application database */
    public RememberMeTokens(DataSource dataSource) {
        setDataSource(dataSource);
    }

    /** Stores the token for the account of that name; none is stored when the account no longer exists. */
    @Override
    public void createNewToken(PersistentRememberMeToken token) {
        getJdbcTemplate().update("INSERT INTO persistent_logins (series, username, token, last_used, user_id) "
                        + "SELECT ?, ?, ?, ?, id FROM users WHERE username_key = ?", token.getSeries(),
                token.getUsername(), token.getTokenValue(), new Timestamp(token.getDate().getTime()),
                UserAccount.keyOf(token.getUsername()));
    }

    @Override
    public void removeUserTokens(String username) {
        getJdbcTemplate().update("DELETE FROM persistent_logins WHERE LOWER(username) = ? OR user_id IN "
                + "(SELECT id FROM users WHERE username_key = ?)", UserAccount.keyOf(username),
                UserAccount.keyOf(username));
    }
}
