package io.facegate.login;

import io.facegate.config.LoginSettings;
import io.facegate.throttle.AttemptMethod;
import io.facegate.throttle.TooManyAttemptsException;
import io.facegate.web.ApiError;
import io.facegate.web.Clients;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs before the password is checked at {@code POST /login}: an attempt that must wait is answered 429 with
 * {@code Retry-After} (scripts) or sent back to the login page with the message (pages), without checking the
 * password. In second-factor mode "keep me signed in" is ignored (the cookie would skip the face step).
 */
class PasswordThrottleFilter extends OncePerRequestFilter {

    private final LoginGuard guard;
    private final LoginSettings settings;
    private final JsonMapper json;

    PasswordThrottleFilter(LoginGuard guard, LoginSettings settings, JsonMapper json) {
        this.guard = guard;
        this.settings = settings;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !"/login".equals(Clients.path(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            guard.check(AttemptMethod.PASSWORD, guard.account(request.getParameter("username")),
                    Clients.address(request));
        } catch (TooManyAttemptsException e) {
            if (Clients.wantsJson(request)) {
                e.headers().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
                SecurityConfig.write(json, response, HttpStatus.TOO_MANY_REQUESTS, ApiError.of(e));
            } else {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()));
                response.sendRedirect(UriComponentsBuilder.fromPath(request.getContextPath() + "/login")
                        .queryParam("retry", e.retryAfter().toSeconds()).build().toUriString());
            }
            return;
        }
        chain.doFilter(settings.secondFactor() ? withoutRememberMe(request) : request, response);
    }

    private static HttpServletRequest withoutRememberMe(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getParameter(String name) {
                return "remember-me".equals(name) ? null : super.getParameter(name);
            }

            @Override
            public Map<String, String[]> getParameterMap() {
                Map<String, String[]> params = new HashMap<>(super.getParameterMap());
                params.remove("remember-me");
                return params;
            }

            @Override
            public String[] getParameterValues(String name) {
                return "remember-me".equals(name) ? null : super.getParameterValues(name);
            }
        };
    }
}
