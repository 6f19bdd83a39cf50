package io.facegate.oidc;

import java.util.Optional;

import io.facegate.web.ApiError;

/**
 * Explains an authorization request that FaceGate refuses without redirecting back (an unknown {@code client_id},
 * a {@code redirect_uri} not registered for the client): the authorization server then answers 400 with its
 * error as the servlet error message, {@code "[invalid_request] OAuth 2.0 Parameter: client_id"}, and the error
 * page would otherwise say only that the request could not be understood. Pure function of that message.
 */
public final class AuthorizationRequestErrors {

    private static final String PARAMETER = "OAuth 2.0 Parameter: ";

    private AuthorizationRequestErrors() {
    }

    /**
     * @param servletErrorMessage the error message the authorization endpoint passed to {@code sendError}, or null
     * @return the error code and a sentence with the next step, when the message is the authorization server's
     *         refusal of a request it cannot redirect back; empty for any other error
     */
    public static Optional<ApiError> explain(String servletErrorMessage) {
        if (servletErrorMessage == null || !servletErrorMessage.startsWith("[")) {
            return Optional.empty();
        }
        int at = servletErrorMessage.indexOf(PARAMETER);
        if (at < 0) {
            return Optional.empty();
        }
        String parameter = servletErrorMessage.substring(at + PARAMETER.length()).trim();
        return Optional.of(switch (parameter) {
            case "client_id" -> new ApiError("unknown_client",
                    "The site that sent you here is not registered with FaceGate, so you cannot log in to it from "
                            + "here. Go back to that site and tell its operator.");
            case "redirect_uri" -> new ApiError("unregistered_redirect_uri",
                    "The return address this site asked for is not registered for it, so FaceGate will not send "
                            + "you there. Go back to that site and tell its operator.");
            default -> new ApiError("invalid_authorization_request",
                    "The log-in request from the site that sent you here is not valid (" + parameter
                            + "). Go back to that site and try again.");
        });
    }
}
