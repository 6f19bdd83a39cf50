package io.facegate.passkey;

import io.facegate.web.ApiError;
import io.facegate.web.Clients;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 404 {@code not_found} to Spring Security's own passkey registration endpoints
 * ({@code POST /webauthn/register/options}, {@code POST /webauthn/register}, {@code DELETE /webauthn/register/{id}}),
 * which {@code http.webAuthn(...)} always installs: FaceGate's {@link PasskeyController} replaces them, with the
 * recent-login rule and JSON errors (Spring Security's answer a bad registration with a server error). Placed before
 * the CSRF filter, so every method and token gets the same answer.
 */
public class SpringRegistrationRefusal extends OncePerRequestFilter {

    private final JsonMapper json;

    /** @param json JSON writer */
    public SpringRegistrationRefusal(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = Clients.path(request);
        return !(path.equals("/webauthn/register") || path.startsWith("/webauthn/register/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), new ApiError("not_found",
                "Passkeys are added and removed on the account page (/account/passkeys)."));
    }
}
