package io.facegate.login;

import io.facegate.account.FaceGateUser;
import io.facegate.account.UserRepository;
import io.facegate.web.Clients;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the session of a user whose account was deleted meanwhile (by the cleanup or from another session): the
 * next request is then anonymous. One primary-key lookup per authenticated request.
 */
public class ActiveAccountFilter extends OncePerRequestFilter {

    private final UserRepository users;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    /** @param users accounts */
    public ActiveAccountFilter(UserRepository users) {
        this.users = users;
    }

    /** Static assets need no account check (saves a query per asset). */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = Clients.path(request);
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/vendor/")
                || path.startsWith("/models/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = holder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof FaceGateUser user && !users.existsById(user.getId())) {
            holder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
        }
        chain.doFilter(request, response);
    }
}
