package io.facegate.login;

import io.facegate.web.Clients;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Lets scripts log in with a JSON body ({@code {"username": …, "password": …, "remember-me": true}}) at
 * {@code POST /login}: the body is read and offered to Spring Security's form login as request parameters.
 * Other requests pass unchanged.
 */
class JsonLoginFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    JsonLoginFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !"POST".equals(request.getMethod()) || !"/login".equals(Clients.path(request))
                || type == null || !type.toLowerCase().startsWith(MediaType.APPLICATION_JSON_VALUE);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String[]> params = new HashMap<>();
        try {
            JsonNode body = json.readTree(request.getInputStream());
            if (body != null && body.isObject()) {
                for (String name : new String[] {"username", "password", "remember-me"}) {
                    JsonNode value = body.get(name);
                    if (value != null && value.isValueNode()) {
                        params.put(name, new String[] {value.asString()});
                    }
                }
            }
        } catch (RuntimeException e) {
            // An unreadable body is a login without credentials: it fails like any wrong password.
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getParameter(String name) {
                String[] values = params.get(name);
                return values == null ? super.getParameter(name) : values[0];
            }

            @Override
            public Map<String, String[]> getParameterMap() {
                Map<String, String[]> merged = new HashMap<>(super.getParameterMap());
                merged.putAll(params);
                return Collections.unmodifiableMap(merged);
            }

            @Override
            public String[] getParameterValues(String name) {
                String[] values = params.get(name);
                return values == null ? super.getParameterValues(name) : values.clone();
            }
        }, response);
    }
}
