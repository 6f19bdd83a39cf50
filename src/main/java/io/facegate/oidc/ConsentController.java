package io.facegate.oidc;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The consent page of the OpenID Connect flow ({@code GET /oauth2/consent}, for a logged-in user): which site asks
 * for what; "Allow" posts the scopes back to {@code /oauth2/authorize} with the authorization's {@code state},
 * which Spring Security checks (it plays the CSRF token's part there). The answer is remembered per client, so
 * the page is shown once per site and again only for new scopes.
 */
@Controller
public class ConsentController {

    /** What each scope lets the site see, in the page's words. */
    static final Map<String, String> SCOPES = Map.of(
            OidcScopes.OPENID, "Know that you are the same FaceGate user each time (a random identifier, not your user name)",
            OidcScopes.PROFILE, "See your user name");

    private final RegisteredClientRepository clients;
    private final OAuth2AuthorizationConsentService consents;

    /**
     * @param clients  registered clients
     * @param consents remembered consents
     */
    public ConsentController(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents) {
        this.clients = clients;
        this.consents = consents;
    }

    /**
     * @param principal the logged-in user
     * @param clientId  {@code client_id}
     * @param scope     the scopes asked, space-separated
     * @param state     the authorization's state
     * @param model     page model
     * @return the consent page; 400 for an unknown client
     */
    @GetMapping("/oauth2/consent")
    public String consent(Principal principal, @RequestParam("client_id") String clientId,
                          @RequestParam(name = "scope", defaultValue = "") String scope,
                          @RequestParam("state") String state, Model model) {
        RegisteredClient client = clients.findByClientId(clientId);
        if (client == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown client.");
        }
        OAuth2AuthorizationConsent current = consents.findById(client.getId(), principal.getName());
        Set<String> granted = current == null ? Set.of() : current.getScopes();
        List<String> toApprove = new ArrayList<>();
        List<String> already = new ArrayList<>();
        for (String s : new LinkedHashSet<>(Arrays.asList(scope.split(" ")))) {
            if (s.isBlank() || s.equals(OidcScopes.OPENID)) {
                continue;
            }
            (granted.contains(s) ? already : toApprove).add(s);
        }
        model.addAttribute("clientId", clientId);
        model.addAttribute("clientName", client.getClientName());
        model.addAttribute("state", state);
        model.addAttribute("scopes", toApprove);
        model.addAttribute("already", already);
        model.addAttribute("descriptions", SCOPES);
        return "consent";
    }
}
