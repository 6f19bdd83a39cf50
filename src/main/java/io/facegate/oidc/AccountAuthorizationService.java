package io.facegate.oidc;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
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
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
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
 *
 * <p>An ID token of before a refresh still finds its authorization (RP-initiated logout's {@code id_token_hint}):
 * Spring Security's store knows only the latest ID token of an authorization, but OpenID Connect RP-Initiated
 * Logout 1.0 (section 2) says a provider should accept an ID token it issued earlier for the session. Such a token
 * is accepted when its signature verifies against FaceGate's published keys (expired or not) and an authorization
 * of the same subject and client holds a current ID token of the same login (same {@code auth_time} and
 * {@code sid}); the authorization is returned with that current token, which Spring Security then checks as usual.
 */
public class AccountAuthorizationService extends JdbcOAuth2AuthorizationService {

    private static final String PRINCIPAL = Principal.class.getName();

    private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);
    /** Authorizations of one account and client looked at for an earlier ID token: the most recent ones. */
    private static final int EARLIER_ID_TOKEN_CANDIDATES = 20;

    private final AccountSubjects subjects;
    private final JdbcOperations jdbc;
    private final RegisteredClientRepository clients;
    private final NimbusJwtDecoder signatures;

    /**
     * @param jdbc     database
     * @param clients  registered clients
     * @param subjects user name ↔ subject
     * @param keys     FaceGate's published signing keys (the JWKS), to verify an earlier ID token's signature
     */
    public AccountAuthorizationService(JdbcOperations jdbc, RegisteredClientRepository clients,
                                       AccountSubjects subjects, JWKSource<SecurityContext> keys) {
        super(jdbc, clients);
        this.subjects = subjects;
        this.jdbc = jdbc;
        this.clients = clients;
        this.signatures = NimbusJwtDecoder.withJwkSource(keys).build();
        // The signature only: an earlier ID token may have expired (it is a hint, not a credential).
        this.signatures.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
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
        OAuth2Authorization found = super.findByToken(token, tokenType);
        if (found == null && ID_TOKEN.equals(tokenType)) {
            found = byEarlierIdToken(token);
        }
        return live(found);
    }

    /** The authorization whose current ID token belongs to the same login as this earlier one, or null. */
    private OAuth2Authorization byEarlierIdToken(String token) {
        Jwt earlier;
        try {
            earlier = signatures.decode(token);
        } catch (JwtException e) {
            return null; // not a token FaceGate signed
        }
        List<String> audience = earlier.getAudience();
        if (earlier.getSubject() == null || audience == null || audience.size() != 1
                || earlier.getClaim("auth_time") == null) {
            return null;
        }
        RegisteredClient client = clients.findByClientId(audience.get(0));
        if (client == null) {
            return null;
        }
        List<String> ids = jdbc.queryForList("SELECT id FROM oauth2_authorization WHERE principal_name = ? AND "
                + "registered_client_id = ? AND oidc_id_token_value IS NOT NULL ORDER BY oidc_id_token_issued_at DESC "
                + "LIMIT " + EARLIER_ID_TOKEN_CANDIDATES, String.class, earlier.getSubject(), client.getId());
        for (String id : ids) {
            OAuth2Authorization candidate = super.findById(id);
            OAuth2Authorization.Token<OidcIdToken> current = candidate == null ? null
                    : candidate.getToken(OidcIdToken.class);
            if (current != null && sameLogin(earlier, current.getToken())) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean sameLogin(Jwt earlier, OidcIdToken current) {
        // auth_time in whole seconds, as the signed token carries it (the stored claims may keep milliseconds)
        java.time.Instant currentLogin = current.getAuthenticatedAt();
        java.time.Instant earlierLogin = earlier.getClaimAsInstant("auth_time");
        return earlier.getSubject().equals(current.getSubject()) && currentLogin != null && earlierLogin != null
                && currentLogin.getEpochSecond() == earlierLogin.getEpochSecond()
                && java.util.Objects.equals(current.getClaimAsString("sid"), earlier.getClaimAsString("sid"))
                && !current.getIssuedAt().isBefore(earlier.getIssuedAt());
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
