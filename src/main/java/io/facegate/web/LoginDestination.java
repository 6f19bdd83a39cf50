package io.facegate.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Where a login goes next: the request that was interrupted by the login (for example an OpenID Connect
 * authorization request of another site, saved by Spring Security before it sent the browser to
 * {@code /login}), or {@code /account}. The saved URL was built by this server from a request it received, with
 * Spring Security's {@code continue} marker; it is never taken from a parameter.
 */
public final class LoginDestination {

    /** Where a login goes when nothing was interrupted. */
    public static final String DEFAULT = "/account";

    private static final RequestCache CACHE = new HttpSessionRequestCache();

    private LoginDestination() {
    }

    /**
     * @param request  the login request (its session holds the saved request, if any)
     * @param response response
     * @return the saved request's URL, or {@link #DEFAULT}
     */
    public static String next(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = CACHE.getRequest(request, response);
        return saved == null ? DEFAULT : saved.getRedirectUrl();
    }
}
