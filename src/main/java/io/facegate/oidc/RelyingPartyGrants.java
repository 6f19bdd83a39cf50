package io.facegate.oidc;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What relying parties hold for an account: the authorizations of Spring Security's authorization server (table
 * {@code oauth2_authorization}, keyed on the account's subject), each with its code, access token, refresh token and
 * ID token. Ending them makes every refresh token of the account useless and every access token fail at the
 * provider ({@code /userinfo}, introspection); an access token that a resource server checks by its signature alone
 * lives out its 5 minutes. Works whether or not the provider is configured (the table always exists).
 */
@Component
public class RelyingPartyGrants {

    private final JdbcTemplate jdbc;

    /** @param jdbc the application database */
    public RelyingPartyGrants(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Ends every grant of the account: "log out everywhere", a password change and deleting the account call it (a
     * README-only tester's relying party kept refreshing its tokens after both).
     *
     * @param userId the account's id
     * @return grants ended
     */
    public int endAll(long userId) {
        return jdbc.update("DELETE FROM oauth2_authorization WHERE principal_name = "
                + "(SELECT subject FROM users WHERE id = ?)", userId);
    }
}
