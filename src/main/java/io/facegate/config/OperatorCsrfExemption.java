package io.facegate.config;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one exemption from CSRF protection: {@code POST /tasks/cleanup} authenticated by the operator's
 * {@code X-Task-Token} header (valid, {@link OperatorToken}) and carrying no cookie at all, so the original app's
 * cron line ({@code curl -fsS -X POST -H "X-Task-Token: $TASK_TOKEN" "$APP_URL/tasks/cleanup"}) works as written.
 * CSRF protects nothing there: a forged cross-site request carries the victim's cookies but cannot add a custom
 * header (a browser asks the server first, and FaceGate allows no cross-origin requests), and without a cookie no
 * session is used. A request with any cookie, a session id, or without a valid token still needs the CSRF token.
 */
public final class OperatorCsrfExemption implements RequestMatcher {

    /** The operator endpoint that is exempt. */
    static final String PATH = "/tasks/cleanup";

    private final OperatorToken operator;

    /** @param operator checks the header against {@code TASK_TOKEN} (constant time) */
    public OperatorCsrfExemption(OperatorToken operator) {
        this.operator = operator;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        return "POST".equals(request.getMethod())
                && PATH.equals(request.getRequestURI().substring(request.getContextPath().length()))
                && (cookies == null || cookies.length == 0)
                && request.getRequestedSessionId() == null && request.getSession(false) == null
                && operator.check(request.getHeader(OperatorToken.HEADER)) == OperatorToken.Check.VALID;
    }
}
