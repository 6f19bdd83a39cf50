package io.facegate.oidc;

import io.facegate.login.LoginFactors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What Spring Security's authorization endpoint leaves to the provider: {@code prompt=login}, {@code max_age} and
 * {@code acr_values} of an authorization request ({@code GET /oauth2/authorize} with a {@code response_type}),
 * checked against the session's login factors ({@link LoginFactors}) before any code is issued.
 *
 * <ul>
 *   <li>A fresh login is needed with {@code prompt=login}, when {@code auth_time + max_age} is past, and when the
 *       session has no factor at all (a "keep me signed in" cookie, a registration). The request is saved and the
 *       browser sent to {@code /login}; the instant is kept in the session, and once a factor proven at or after
 *       it is present, the resumed request goes on (so {@code max_age=0} and {@code prompt=login} do not loop).</li>
 *   <li>{@code acr_values}: when none of the known values asked is satisfied ({@link LoginFactors#satisfies}),
 *       the request is saved and the browser sent to add a factor: {@code /face-login} when the session has no
 *       face factor (a face login by the same account keeps the password factor: two factors), else
 *       {@code /login}. Unknown values are ignored, as OpenID Connect Core says for voluntary claims.</li>
 * </ul>
 * With {@code prompt=none} nothing of this may ask the user: a request without a login, or whose login is too old,
 * has no factor, or does not reach the {@code acr_values} asked, is answered {@code login_required} at the client's
 * registered redirect URI (a README-only tester got a code with {@code acr} 1fa for {@code prompt=none max_age=0}
 * and for {@code acr_values} 2fa); any other is passed on untouched.
 */
public class FreshLoginFilter extends OncePerRequestFilter {

    /** Session attribute: the instant a fresh login was asked for. */
    static final String FRESH_SINCE = FreshLoginFilter.class.getName() + ".SINCE";

    private final String authorizationEndpoint;
    private final Clock clock;
    private final RegisteredClientRepository clients;
    private final RequestCache requests = new HttpSessionRequestCache();
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    /**
     * @param authorizationEndpoint path of the authorization endpoint ({@code /oauth2/authorize})
     * @param clock                 UTC clock
     * @param clients               the registered clients (where a {@code prompt=none} refusal may be sent)
     */
    public FreshLoginFilter(String authorizationEndpoint, Clock clock, RegisteredClientRepository clients) {
        this.authorizationEndpoint = authorizationEndpoint;
        this.clock = clock;
        this.clients = clients;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        return !"GET".equals(request.getMethod()) || !authorizationEndpoint.equals(uri)
                || request.getParameter("response_type") == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = holder.getContext().getAuthentication();
        List<String> prompt = words(request.getParameter("prompt"));
        boolean loggedIn = auth != null && auth.isAuthenticated() && auth.getName() != null
                && !"anonymousUser".equals(auth.getName());
        List<FactorGrantedAuthority> factors = loggedIn ? LoginFactors.of(auth) : List.of();
        Optional<Instant> authTime = factors.isEmpty() ? Optional.empty() : LoginFactors.authTime(auth.getAuthorities());
        Instant now = clock.instant();
        if (prompt.contains("none")) {
            // The login this request needs would take the user's interaction, which prompt=none forbids: the site
            // gets login_required at its registered redirect URI (before, a session whose login was too old or too
            // weak got a code with the login it had, and one without a login was sent to the login page).
            Optional<String> refusal = !loggedIn || factors.isEmpty() || maxAgePassed(request, authTime, now)
                    || !acrSatisfied(request, auth) ? loginRequired(request) : Optional.empty();
            if (refusal.isPresent()) {
                response.sendRedirect(refusal.get());
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (!loggedIn) {
            chain.doFilter(request, response); // Spring Security sends the anonymous to the login page itself
            return;
        }
        boolean fresh = factors.isEmpty() || prompt.contains("login") || maxAgePassed(request, authTime, now);
        HttpSession session = request.getSession();
        if (fresh) {
            Instant since = session.getAttribute(FRESH_SINCE) instanceof Instant i ? i : null;
            boolean satisfied = since != null && authTime.isPresent() && !authTime.get().isBefore(since);
            if (!satisfied) {
                session.setAttribute(FRESH_SINCE, now);
                requests.saveRequest(request, response);
                response.sendRedirect(request.getContextPath() + "/login");
                return;
            }
        }
        if (!acrSatisfied(request, auth)) {
            boolean hasFace = factors.stream().anyMatch(f -> LoginFactors.FACE_AUTHORITY.equals(f.getAuthority()));
            requests.saveRequest(request, response);
            response.sendRedirect(request.getContextPath() + (hasFace ? "/login" : "/face-login"));
            return;
        }
        session.removeAttribute(FRESH_SINCE);
        chain.doFilter(request, response);
    }

    /**
     * The authorization error response {@code login_required} (OpenID Connect Core 3.1.2.6) for a request whose
     * client and redirect URI are registered together; empty otherwise (Spring Security's endpoint then refuses the
     * request itself, without redirecting: no error goes to an address the client did not register).
     */
    private Optional<String> loginRequired(HttpServletRequest request) {
        RegisteredClient client = request.getParameter("client_id") == null ? null
                : clients.findByClientId(request.getParameter("client_id"));
        if (client == null) {
            return Optional.empty();
        }
        String redirect = request.getParameter("redirect_uri");
        if (redirect == null && client.getRedirectUris().size() == 1) {
            redirect = client.getRedirectUris().iterator().next();
        }
        if (redirect == null || !client.getRedirectUris().contains(redirect)) {
            return Optional.empty();
        }
        UriComponentsBuilder answer = UriComponentsBuilder.fromUriString(redirect)
                .queryParam("error", "login_required")
                .queryParam("error_description", "A fresh or stronger login is needed; prompt=none forbids asking for it.");
        if (request.getParameter("state") != null) {
            answer.queryParam("state", request.getParameter("state"));
        }
        AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
        if (context != null && context.getIssuer() != null) {
            answer.queryParam("iss", context.getIssuer());
        }
        return Optional.of(answer.encode().build().toUriString());
    }

    /** Whether the session's login satisfies one of the known {@code acr_values} asked (or none is asked). */
    private static boolean acrSatisfied(HttpServletRequest request, Authentication auth) {
        List<String> asked = words(request.getParameter("acr_values")).stream()
                .filter(v -> v.equals(LoginFactors.ACR_ONE_FACTOR) || v.equals(LoginFactors.ACR_FACE_LIVENESS)
                        || v.equals(LoginFactors.ACR_TWO_FACTORS)).toList();
        String achieved = LoginFactors.acr(auth.getAuthorities()).orElse(null);
        return asked.isEmpty() || asked.stream().anyMatch(v -> LoginFactors.satisfies(achieved, v));
    }

    private static boolean maxAgePassed(HttpServletRequest request, Optional<Instant> authTime, Instant now) {
        String value = request.getParameter("max_age");
        if (value == null || value.isBlank()) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return false; // not a number: ignored, as an unknown parameter
        }
        if (seconds < 0) {
            return false;
        }
        // auth_time has one-second precision in the token: compare whole seconds.
        return authTime.isEmpty() || authTime.get().getEpochSecond() + seconds < now.getEpochSecond()
                || seconds == 0;
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.strip().split("\\s+"));
    }
}
