package io.facegate.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * Logs a user in from a controller (after registration, after a face match, after a passkey) the way form login
 * does: the session gets a new id ({@link SessionRotation}: no session fixation), the CSRF token is replaced, and
 * the security context is saved in the session.
 */
@Component
public class SessionLogin {

    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository contextRepository = new HttpSessionSecurityContextRepository();
    private final CsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();
    private final SessionRotation rotation;

    /** @param rotation gives the session its new id */
    public SessionLogin(SessionRotation rotation) {
        this.rotation = rotation;
    }

    /**
     * @param user     the user, already proven (password just set, or face matched)
     * @param request  current request
     * @param response current response
     */
    public void logIn(UserDetails user, HttpServletRequest request, HttpServletResponse response) {
        logIn(user, List.of(), request, response);
    }

    /**
     * As {@link #logIn(UserDetails, HttpServletRequest, HttpServletResponse)}, with the factors just proven
     * ({@link FactorGrantedAuthority}, e.g. the face). Factors this session already proved for the same user (a
     * password before the face) are kept, so the login counts as two factors; a "keep me signed in"
     * authentication proves no factor and adds none.
     *
     * @param user     the user, already proven
     * @param factors  authorities of the factors just proven
     * @param request  current request
     * @param response current response
     */
    public void logIn(UserDetails user, Collection<? extends GrantedAuthority> factors, HttpServletRequest request,
                      HttpServletResponse response) {
        List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
        authorities.addAll(factors);
        Authentication current = holder.getContext().getAuthentication();
        if (current != null && current.isAuthenticated() && !(current instanceof RememberMeAuthenticationToken)
                && current.getPrincipal() instanceof UserDetails before && before.equals(user)) {
            for (GrantedAuthority a : current.getAuthorities()) {
                boolean again = factors.stream().anyMatch(f -> f.getAuthority().equals(a.getAuthority()));
                if (!again && !authorities.contains(a)) {
                    authorities.add(a);
                }
            }
        }
        Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
        if (request.getSession(false) != null) {
            rotation.rotate(authentication, request, response);
        }
        request.getSession(true);
        csrfTokens.saveToken(null, request, response);
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(authentication);
        holder.setContext(context);
        contextRepository.saveContext(context, request, response);
    }
}
