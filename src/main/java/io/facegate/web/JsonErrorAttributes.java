package io.facegate.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.RequestDispatcher;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

import io.facegate.oidc.AuthorizationRequestErrors;

/**
 * Errors that reach the servlet container's error handling (404, 500, a refused CSRF token on a page) are
 * answered in the same shape as {@link ApiError}: {@code {"error": code, "message": sentence}}; the error page
 * reads the same attributes plus {@code status}. An authorization request the OpenID Connect provider refuses
 * without redirecting (unknown client, unregistered return address) is explained by
 * {@link AuthorizationRequestErrors}.
 */
@Component
public class JsonErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> base = super.getErrorAttributes(request, options);
        int status = base.get("status") instanceof Integer s ? s : 500;
        HttpStatus known = HttpStatus.resolve(status);
        Object custom = request.getAttribute("facegate.errorMessage", RequestAttributes.SCOPE_REQUEST);
        Optional<ApiError> authorization = status == 400
                ? AuthorizationRequestErrors.explain(
                        (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE, RequestAttributes.SCOPE_REQUEST))
                : Optional.empty();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", authorization.map(ApiError::error).orElse(known == null ? "error" : known.name().toLowerCase()));
        out.put("message", custom != null ? custom : authorization.map(ApiError::message).orElse(messageFor(status)));
        out.put("status", status);
        return out;
    }

    private static String messageFor(int status) {
        return switch (status) {
            case 400 -> "The request could not be understood.";
            case 401 -> "Log in first.";
            case 403 -> "You may not do this.";
            case 404 -> "There is nothing at this address.";
            case 405 -> "This address does not accept this method.";
            case 413 -> "The upload is too large.";
            default -> status >= 500 ? "Something went wrong on the server; try again in a moment."
                    : "The request was refused.";
        };
    }
}
