package io.facegate.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.facegate.account.UserRepository;
import io.facegate.config.FaceGateProperties;
import io.facegate.config.InvalidSettingException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * "Log in with FaceGate": Spring Security's authorization server as an OpenID Connect provider, on the database.
 * Its endpoints (discovery {@code /.well-known/openid-configuration}, {@code /oauth2/jwks},
 * {@code /oauth2/authorize}, {@code /oauth2/token}, {@code /userinfo}, {@code /connect/logout}, revocation,
 * introspection) have their own filter chain, ordered before the application's; the login inside the flow is the
 * application's ({@code /login}, {@code /face-login}), which resumes the saved authorization request.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OidcProperties.class)
public class OidcConfig {

    /** FaceGate's own consent page ({@link ConsentController}). */
    static final String CONSENT_PAGE = "/oauth2/consent";

    /**
     * @param properties {@code OIDC_CLIENTS}
     * @return the clients, checked at start-up
     * @throws InvalidSettingException naming the first problem
     */
    @Bean
    List<ClientDefinitions.Client> oidcClientDefinitions(OidcProperties properties) {
        return ClientDefinitions.parse(properties.clients());
    }

    /**
     * @param jdbc database
     * @return Spring Security's JDBC client store
     */
    @Bean
    JdbcRegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc) {
        return new JdbcRegisteredClientRepository(jdbc);
    }

    /**
     * @param repository client store
     * @param jdbc       database
     * @param encoder    password encoder (client secrets)
     * @param clock      UTC clock
     * @param clients    clients of {@code OIDC_CLIENTS}
     * @return writes them to the database at start-up
     */
    @Bean
    ApplicationRunner oidcClientSync(JdbcRegisteredClientRepository repository, JdbcTemplate jdbc,
                                     PasswordEncoder encoder, Clock clock, List<ClientDefinitions.Client> clients) {
        return args -> new RegisteredClients(repository, jdbc, encoder, clock).synchronize(clients);
    }

    /**
     * @param jdbc     database
     * @param clients  client store
     * @param subjects  user name ↔ subject
     * @param jwkSource the published signing keys (an earlier ID token's signature at logout)
     * @return authorizations in the database, keyed on the subject
     */
    @Bean
    OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, JdbcRegisteredClientRepository clients,
                                                    AccountSubjects subjects, JWKSource<SecurityContext> jwkSource) {
        return new AccountAuthorizationService(jdbc, clients, subjects, jwkSource);
    }

    /**
     * @param jdbc     database
     * @param clients  client store
     * @param subjects user name ↔ subject
     * @return consents in the database, keyed on the subject
     */
    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(JdbcTemplate jdbc,
                                                                  JdbcRegisteredClientRepository clients,
                                                                  AccountSubjects subjects) {
        return new AccountConsentService(jdbc, clients, subjects);
    }

    /**
     * @param jdbc       database
     * @param clock      UTC clock
     * @param properties rotation settings and {@code OIDC_KEYS_SECRET}
     * @param app        {@code SECRET_KEY}
     * @return the signing keys
     */
    @Bean
    SigningKeys signingKeys(JdbcTemplate jdbc, Clock clock, OidcProperties properties, FaceGateProperties app) {
        return new SigningKeys(jdbc, clock, properties, app.secretKey());
    }

    /**
     * @param keys signing keys
     * @return the published public keys (JWKS endpoint, and verification of access tokens at userinfo)
     */
    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return (selector, context) -> selector.select(new JWKSet(keys.published()));
    }

    /**
     * @param keys signing keys
     * @return signs with the active key only
     */
    @Bean
    JwtEncoder jwtEncoder(SigningKeys keys) {
        return new NimbusJwtEncoder((selector, context) -> selector.select(new JWKSet(keys.active())));
    }

    /**
     * @param jwkSource published keys
     * @return verifies access tokens at userinfo
     */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
        return NimbusJwtDecoder.withJwkSource(jwkSource).build();
    }

    /**
     * @param subjects user name ↔ subject
     * @return {@code sub}, {@code preferred_username}, {@code auth_time}, {@code amr}, {@code acr}
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims(AccountSubjects subjects) {
        return new IdTokenClaims(subjects);
    }

    /**
     * @param properties {@code OIDC_ISSUER}
     * @return endpoints at Spring Security's default paths; the issuer when set
     */
    @Bean
    AuthorizationServerSettings authorizationServerSettings(OidcProperties properties) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        String issuer = properties.issuer();
        if (issuer != null && !issuer.isBlank()) {
            settings.issuer(checkIssuer(issuer.strip()));
        }
        return settings.build();
    }

    /**
     * @param issuer {@code OIDC_ISSUER}, stripped and not blank
     * @return the issuer
     * @throws InvalidSettingException when it is not an http(s) URL with a host and without a trailing slash,
     *                                 query or fragment
     */
    public static String checkIssuer(String issuer) {
        URI uri;
        try {
            uri = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || issuer.endsWith("/")) {
            throw new InvalidSettingException("OIDC_ISSUER is " + issuer + "; give the provider's public URL "
                    + "without a trailing slash, query or fragment, such as https://login.example.org.");
        }
        return issuer;
    }

    /**
     * The authorization server's endpoints, before the application's chain.
     *
     * @param http     builder
     * @param clock    UTC clock
     * @param users    accounts (a deleted account's session ends here too)
     * @param settings endpoint paths
     * @param clients  the registered clients
     * @param definitions the clients as configured (the browser apps' origins get CORS, {@link #browserAppCors})
     * @return the filter chain
     * @throws Exception from the builder
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    @ConditionalOnWebApplication
    SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, Clock clock, UserRepository users,
                                                       AuthorizationServerSettings settings,
                                                       JdbcRegisteredClientRepository clients,
                                                       List<ClientDefinitions.Client> definitions) throws Exception {
        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        String authorize = settings.getAuthorizationEndpoint();
        // Where the client authenticates: a request there without a known, authenticated client gets invalid_client.
        Set<String> clientEndpoints = Set.of(settings.getTokenEndpoint(),
                settings.getTokenIntrospectionEndpoint(), settings.getTokenRevocationEndpoint(),
                settings.getPushedAuthorizationRequestEndpoint());
        http
            // The endpoints, and the CORS preflights of those a browser app calls (OPTIONS is not one of their methods).
            .securityMatcher(new org.springframework.security.web.util.matcher.OrRequestMatcher(
                    server.getEndpointsMatcher(), browserAppPreflights(settings)))
            .with(server, as -> as
                .authorizationEndpoint(endpoint -> endpoint.consentPage(CONSENT_PAGE))
                .oidc(oidc -> { }))
            .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
            .cors(cors -> cors.configurationSource(browserAppCors(settings, definitions)))
            // The protocol's own checks replace CSRF tokens here: client authentication, PKCE, the consent's state.
            .csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()))
            .oauth2ResourceServer(resource -> resource.jwt(jwt -> { }))
            .exceptionHandling(ex -> ex
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                        request -> authorize.equals(request.getRequestURI().substring(request.getContextPath().length())))
                .defaultAuthenticationEntryPointFor(InvalidClient::answer, request -> clientEndpoints.contains(
                        request.getRequestURI().substring(request.getContextPath().length())))
                .defaultAuthenticationEntryPointFor(new BearerTokenAuthenticationEntryPoint(), AnyRequestMatcher.INSTANCE))
            .addFilterAfter(new io.facegate.login.ActiveAccountFilter(users), SecurityContextHolderFilter.class)
            // Before the authorization endpoint (which Spring Security places before this class, later).
            .addFilterBefore(new FreshLoginFilter(authorize, clock, clients), AbstractPreAuthenticatedProcessingFilter.class);
        return http.build();
    }

    /**
     * @param settings endpoint paths
     * @return the CORS preflight requests ({@code OPTIONS} with an {@code Origin}) to the endpoints a browser app calls
     */
    static RequestMatcher browserAppPreflights(AuthorizationServerSettings settings) {
        Set<String> paths = browserAppPaths(settings);
        return request -> "OPTIONS".equals(request.getMethod()) && request.getHeader("Origin") != null
                && paths.contains(request.getRequestURI().substring(request.getContextPath().length()));
    }

    /** @return the endpoints a browser app calls across origins */
    private static Set<String> browserAppPaths(AuthorizationServerSettings settings) {
        return Set.of(settings.getTokenEndpoint(), settings.getJwkSetEndpoint(), settings.getOidcUserInfoEndpoint(),
                "/.well-known/openid-configuration");
    }

    /**
     * Cross-origin requests a browser app makes to the provider: the token and key endpoints, userinfo and
     * discovery (revocation needs client authentication, which a public client has not), from the origins of the
     * public clients' redirect URIs (a public client is a browser or mobile app, README *Adding a client*; without
     * CORS a browser app could not redeem its code, a README-only tester found). No cookies are sent or allowed (the app authenticates with PKCE and its tokens); the authorization
     * endpoint is a navigation and gets none; confidential clients are servers and need none.
     *
     * @param settings    endpoint paths
     * @param definitions the configured clients
     * @return the CORS rules of the provider's endpoints
     */
    static org.springframework.web.cors.CorsConfigurationSource browserAppCors(AuthorizationServerSettings settings,
                                                                             List<ClientDefinitions.Client> definitions) {
        List<String> origins = List.copyOf(ClientDefinitions.redirectOrigins(
                definitions.stream().filter(ClientDefinitions.Client::isPublic).toList()));
        Set<String> paths = browserAppPaths(settings);
        org.springframework.web.cors.CorsConfiguration rules = new org.springframework.web.cors.CorsConfiguration();
        rules.setAllowedOrigins(origins);
        rules.setAllowedMethods(List.of("GET", "POST"));
        rules.setAllowedHeaders(List.of("Authorization", "Content-Type", "DPoP"));
        rules.setAllowCredentials(false);
        rules.setMaxAge(java.time.Duration.ofHours(1));
        return request -> origins.isEmpty()
                || !paths.contains(request.getRequestURI().substring(request.getContextPath().length())) ? null : rules;
    }
}
