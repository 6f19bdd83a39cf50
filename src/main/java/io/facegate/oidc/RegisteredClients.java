package io.facegate.oidc;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Writes the clients of {@code OIDC_CLIENTS} into {@code oauth2_registered_client} (Spring Security's JDBC client
 * store) at start-up, and removes the clients no longer listed with their authorizations and consents. Row ids are
 * {@code env:<clientId>}, the same on every instance. Each client gets: scopes {@code openid profile}; the
 * authorization code and refresh token grants; the consent page (remembered per client); for a public client no
 * secret and PKCE required, for a confidential one {@code client_secret_basic} or {@code client_secret_post}
 * (secret hashed with the password encoder). Lifetimes: code 5 min, access token 5 min, ID token 30 min (fixed by Spring Security), refresh
 * token 8 h, rotated at each use.
 */
public class RegisteredClients {

    /** Prefix of the row id of a client from {@code OIDC_CLIENTS}. */
    static final String ID_PREFIX = "env:";

    private static final Logger log = LoggerFactory.getLogger(RegisteredClients.class);

    private final JdbcRegisteredClientRepository repository;
    private final JdbcTemplate jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock;

    /**
     * @param repository Spring Security's client store
     * @param jdbc       database (for removals)
     * @param encoder    hashes client secrets
     * @param clock      UTC clock
     */
    public RegisteredClients(JdbcRegisteredClientRepository repository, JdbcTemplate jdbc, PasswordEncoder encoder,
                             Clock clock) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.clock = clock;
    }

    /**
     * @param client a client as the operator wrote it
     * @return Spring Security's registration of it
     */
    public RegisteredClient toRegistered(ClientDefinitions.Client client) {
        RegisteredClient.Builder b = RegisteredClient.withId(ID_PREFIX + client.clientId())
                .clientId(client.clientId())
                .clientIdIssuedAt(clock.instant())
                .clientName(client.displayName())
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireProofKey(client.isPublic())
                        .requireAuthorizationConsent(true).build())
                .tokenSettings(TokenSettings.builder()
                        .authorizationCodeTimeToLive(Duration.ofMinutes(5))
                        .accessTokenTimeToLive(Duration.ofMinutes(5))
                        .refreshTokenTimeToLive(Duration.ofHours(8))
                        .reuseRefreshTokens(false)
                        .build());
        if (client.isPublic()) {
            b.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            b.clientSecret(encoder.encode(client.clientSecret()))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }
        client.redirectUris().forEach(b::redirectUri);
        client.postLogoutRedirectUris().forEach(b::postLogoutRedirectUri);
        return b.build();
    }

    /**
     * Makes the stored clients those of the list.
     *
     * @param clients clients from {@code OIDC_CLIENTS}
     */
    public void synchronize(List<ClientDefinitions.Client> clients) {
        for (ClientDefinitions.Client client : clients) {
            RegisteredClient registered = toRegistered(client);
            try {
                repository.save(registered);
            } catch (DataAccessException e) {
                // Another instance inserted it between the read and the insert of save(): update it now.
                repository.save(registered);
            }
        }
        Set<String> kept = clients.stream().map(c -> ID_PREFIX + c.clientId()).collect(Collectors.toSet());
        for (String id : jdbc.queryForList("SELECT id FROM oauth2_registered_client", String.class)) {
            if (id.startsWith(ID_PREFIX) && !kept.contains(id)) {
                jdbc.update("DELETE FROM oauth2_authorization WHERE registered_client_id = ?", id);
                jdbc.update("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = ?", id);
                jdbc.update("DELETE FROM oauth2_registered_client WHERE id = ?", id);
                log.info("OpenID Connect client {} is no longer in OIDC_CLIENTS: removed with its authorizations.",
                        id.substring(ID_PREFIX.length()));
            }
        }
        log.info("OpenID Connect clients: {}", clients.isEmpty() ? "none (OIDC_CLIENTS is empty)"
                : clients.stream().map(ClientDefinitions.Client::clientId).collect(Collectors.joining(", ")));
    }
}
