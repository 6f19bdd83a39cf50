package io.facegate.config;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one exemption from CSRF protection: {@code POST /tasks/cleanup} carrying no cookie at all and no session id,
 * so the original app's cron line ({@code curl -fsS -X POST -H "X-Task-Token: $TASK_TOKEN" "$APP_URL/tasks/cleanup"})
 * works as written. CSRF protects nothing there: that endpoint is authenticated only by the operator's
 * {@code X-Task-Token} header ({@link OperatorToken}, checked by the controller: a missing or wrong one answers 401
 * {@code invalid_token}, not a CSRF error that would send an operator looking at forms), which a forged cross-site
 * request cannot add (a browser asks the server first, and FaceGate allows no cross-origin requests), and without a
 * cookie no session is used. A request with any cookie or a session id still needs the CSRF token.
 */
public final class OperatorCsrfExemption implements RequestMatcher {

    /** The operator endpoint that is exempt. */
    static final String PATH = "/tasks/cleanup";

    /** The exemption; the endpoint's controller checks the operator token. */
    public OperatorCsrfExemption() {
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        return "POST".equals(request.getMethod())
                && PATH.equals(request.getRequestURI().substring(request.getContextPath().length()))
                && (cookies == null || cookies.length == 0)
                && request.getRequestedSessionId() == null && request.getSession(false) == null;
    }
}
