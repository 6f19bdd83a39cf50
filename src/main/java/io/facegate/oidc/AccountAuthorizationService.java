package io.facegate.oidc;

import io.facegate.login.LoginFactors;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Security's JDBC authorization store (codes, access, refresh and ID tokens in
 * {@code oauth2_authorization}), keyed on the account's subject instead of its user name.
 *
 * <p>Stored: {@code principal_name} = the subject (a foreign key to {@code users.subject}, deleted in cascade with
 * the account), and the principal attribute is reduced to a plain token named by the subject with only its factor
 * authorities (so no application class is ever deserialized). Read back: the principal is named by the account's
 * current user name again, as the rest of Spring Security expects, with the subject as its details. An
 * authorization of a deleted account is gone, so its refresh token is refused and its access token gets 401 at
 * userinfo.
 */
public class AccountAuthorizationService extends JdbcOAuth2AuthorizationService {

    private static final String PRINCIPAL = Principal.class.getName();

    private final AccountSubjects subjects;

    /**
     * @param jdbc     database
     * @param clients  registered clients
     * @param subjects user name ↔ subject
     */
    public AccountAuthorizationService(JdbcOperations jdbc, RegisteredClientRepository clients,
                                       AccountSubjects subjects) {
        super(jdbc, clients);
        this.subjects = subjects;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        String subject = subjects.subjectOf(authorization.getPrincipalName()).orElseThrow(() ->
                new IllegalStateException("The account of this authorization no longer exists."));
        OAuth2Authorization.Builder stored = OAuth2Authorization.from(authorization).principalName(subject);
        if (authorization.getAttribute(PRINCIPAL) instanceof Authentication principal) {
            stored.attribute(PRINCIPAL, UsernamePasswordAuthenticationToken.authenticated(subject, null,
                    kept(principal.getAuthorities())));
        }
        super.save(stored.build());
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return live(super.findById(id));
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return live(super.findByToken(token, tokenType));
    }

    private OAuth2Authorization live(OAuth2Authorization stored) {
        if (stored == null) {
            return null;
        }
        String subject = stored.getPrincipalName();
        String username = subjects.usernameOf(subject).orElse(null);
        if (username == null) {
            return null; // the account went between the read and now
        }
        OAuth2Authorization.Builder live = OAuth2Authorization.from(stored).principalName(username);
        if (stored.getAttribute(PRINCIPAL) instanceof Authentication principal) {
            // A User named like the session's principal, so Spring Security finds this login's session (the
            // ID token's sid, checked again at logout).
            User user = new User(username, "", principal.getAuthorities());
            UsernamePasswordAuthenticationToken named = UsernamePasswordAuthenticationToken.authenticated(user,
                    null, principal.getAuthorities());
            named.setDetails(subject);
            live.attribute(PRINCIPAL, named);
        }
        return live.build();
    }

    /** Factor authorities, the liveness mark and the role; nothing else leaves the session. */
    private static List<GrantedAuthority> kept(java.util.Collection<? extends GrantedAuthority> authorities) {
        List<GrantedAuthority> kept = new ArrayList<>();
        for (GrantedAuthority a : authorities) {
            if (a instanceof FactorGrantedAuthority) {
                kept.add(a);
            } else if (LoginFactors.LIVENESS_AUTHORITY.equals(a.getAuthority()) || "ROLE_USER".equals(a.getAuthority())) {
                kept.add(new SimpleGrantedAuthority(a.getAuthority()));
            }
        }
        return kept;
    }
}
