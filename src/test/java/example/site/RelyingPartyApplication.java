package example.site;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.RefreshTokenOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.HtmlUtils;

/**
 * A site that offers "Log in with FaceGate" the way README tells a Spring Boot site to: {@code oauth2Login} with
 * FaceGate's issuer (discovery), RP-initiated logout with {@link OidcClientInitiatedLogoutSuccessHandler}. Test code
 * only: the end-to-end tests start it on its own port with {@code spring.config.name=relying-party} (its
 * {@code relying-party.properties}), next to a FaceGate, and read what it saw from its pages:
 * <ul>
 *   <li>{@code GET /me} (JSON): the claims of the ID token Spring Security validated (signature from the JWKS,
 *       {@code iss}, {@code aud}, {@code nonce}, times) and what the site got from userinfo;</li>
 *   <li>{@code GET /refresh} (JSON): a refresh token grant through {@link OAuth2AuthorizedClientManager}, the ID
 *       token Spring Security validated in its answer, and a userinfo call with the new access token;</li>
 *   <li>{@code GET /signout}: a page whose button posts {@code /logout} (with the CSRF token), which logs out of
 *       the site and sends the browser to FaceGate's end-session endpoint; {@code GET /bye} is where it comes back.</li>
 * </ul>
 * Lives outside {@code io.facegate} on purpose: FaceGate's component scan (which sees test classes in tests) and
 * {@code @SpringBootTest}'s search for the application class must never find it, and it must scan nothing of FaceGate.
 */
@SpringBootApplication
public class RelyingPartyApplication {

    /**
     * How long before the access token's expiry the site refreshes it: more than FaceGate's 5 min access token
     * lifetime (README), so that every {@code /refresh} really refreshes. A real site keeps Spring's default 60 s.
     */
    static final Duration REFRESH_AHEAD = Duration.ofMinutes(6);

    /**
     * @param http    Spring Security's builder
     * @param clients the registration of FaceGate (from the properties)
     * @return the site's one filter chain: everything but {@code /bye} needs a login through FaceGate
     * @throws Exception from Spring Security's builder
     */
    @Bean
    SecurityFilterChain site(HttpSecurity http, ClientRegistrationRepository clients) throws Exception {
        OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(clients);
        logout.setPostLogoutRedirectUri("{baseUrl}/bye");
        http.authorizeHttpRequests(a -> a.requestMatchers("/bye", "/error").permitAll().anyRequest().authenticated())
                .oauth2Login(Customizer.withDefaults())
                .logout(l -> l.logoutSuccessHandler(logout));
        return http.build();
    }

    /**
     * @param clients          the registration of FaceGate
     * @param authorizedClients where the site keeps the tokens it got (the HTTP session)
     * @param events           publishes the refresh, which Spring Security's OIDC listener validates
     * @return a manager that refreshes the tokens (see {@link #REFRESH_AHEAD})
     */
    @Bean
    OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository clients,
                                                          OAuth2AuthorizedClientRepository authorizedClients,
                                                          ApplicationEventPublisher events) {
        RefreshTokenOAuth2AuthorizedClientProvider refresh = new RefreshTokenOAuth2AuthorizedClientProvider();
        refresh.setClockSkew(REFRESH_AHEAD);
        refresh.setApplicationEventPublisher(events);
        DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(clients,
                authorizedClients);
        manager.setAuthorizedClientProvider(refresh);
        return manager;
    }

    /** The test pages of the site. */
    @RestController
    static class Pages {

        private final OAuth2AuthorizedClientManager manager;
        private final RestClient http = RestClient.create();

        Pages(OAuth2AuthorizedClientManager manager) {
            this.manager = manager;
        }

        @GetMapping(path = "/me", produces = MediaType.APPLICATION_JSON_VALUE)
        Map<String, Object> me(@AuthenticationPrincipal OidcUser user) {
            return describe(user);
        }

        @GetMapping(path = "/refresh", produces = MediaType.APPLICATION_JSON_VALUE)
        Map<String, Object> refresh(Authentication authentication, HttpServletRequest request,
                                    HttpServletResponse response) {
            OidcUser before = (OidcUser) authentication.getPrincipal();
            OAuth2AuthorizedClient client = manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("facegate")
                    .principal(authentication).attribute(HttpServletRequest.class.getName(), request)
                    .attribute(HttpServletResponse.class.getName(), response).build());
            OidcUser after = (OidcUser) SecurityContextHolder.getContext().getAuthentication().getPrincipal();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("newIdToken", !after.getIdToken().getTokenValue().equals(before.getIdToken().getTokenValue()));
            out.put("idToken", describe(after));
            out.put("refreshTokenIssuedAt", String.valueOf(client.getRefreshToken().getIssuedAt()));
            @SuppressWarnings("unchecked")
            Map<String, Object> userinfo = http.get()
                    .uri(client.getClientRegistration().getProviderDetails().getUserInfoEndpoint().getUri())
                    .header("Authorization", "Bearer " + client.getAccessToken().getTokenValue())
                    .retrieve().body(Map.class);
            out.put("userinfo", userinfo);
            return out;
        }

        @GetMapping(path = "/signout", produces = MediaType.TEXT_HTML_VALUE)
        String signout(CsrfToken csrf) {
            return "<!doctype html><title>Site</title><form method=\"post\" action=\"/logout\">"
                    + "<input type=\"hidden\" name=\"" + csrf.getParameterName() + "\" value=\""
                    + HtmlUtils.htmlEscape(csrf.getToken()) + "\"><button id=\"signout\">Sign out</button></form>";
        }

        @GetMapping(path = "/bye", produces = MediaType.TEXT_HTML_VALUE)
        String bye() {
            return "<!doctype html><title>Site</title><p id=\"bye\">Signed out of the site</p>";
        }

        private static Map<String, Object> describe(OidcUser user) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("sub", user.getSubject());
            out.put("iss", String.valueOf(user.getIssuer()));
            out.put("aud", user.getAudience());
            out.put("nonce", user.getIdToken().getNonce());
            out.put("preferred_username", user.getPreferredUsername());
            out.put("amr", user.getIdToken().getClaimAsStringList("amr"));
            out.put("acr", user.getAuthenticationContextClass());
            out.put("auth_time", user.getAuthenticatedAt() == null ? null : user.getAuthenticatedAt().getEpochSecond());
            out.put("iat", user.getIssuedAt().getEpochSecond());
            out.put("userinfo_preferred_username", user.getUserInfo() == null ? null
                    : user.getUserInfo().getPreferredUsername());
            out.put("name", user.getName());
            return out;
        }
    }
}
