package io.facegate.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;

/**
 * The answer to a request at an endpoint where the client authenticates (token, introspection, revocation, pushed
 * authorization request) that carries no client Spring Security's authorization server could authenticate, e.g. a
 * {@code client_id} alone for a confidential client or for an unknown one: 401 with the OAuth error JSON
 * {@code {"error":"invalid_client",…}} (RFC 6749 §5.2), where the default gave an empty 401.
 */
final class InvalidClient {

    /** The error's description. */
    static final String DESCRIPTION = "The client is unknown or did not authenticate.";

    private InvalidClient() {
    }

    /**
     * An {@code AuthenticationEntryPoint}: writes the error.
     *
     * @param request   the refused request
     * @param response  its response
     * @param exception why (not shown: the same answer for an unknown and an unauthenticated client)
     * @throws IOException if the answer cannot be written
     */
    static void answer(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        ServletServerHttpResponse http = new ServletServerHttpResponse(response);
        http.setStatusCode(HttpStatus.UNAUTHORIZED);
        new OAuth2ErrorHttpMessageConverter().write(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, DESCRIPTION, null),
                null, http);
    }
}
