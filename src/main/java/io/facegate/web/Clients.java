package io.facegate.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** How a request wants its answer. */
public final class Clients {

    private Clients() {
    }

    /**
     * @param request the request
     * @return true for the JSON-only paths ({@code /api/**}, {@code /tasks/**}), and when the client asked for JSON
     *         explicitly ({@code Accept: application/json}, a wildcard does not count) or sent JSON
     */
    public static boolean wantsJson(HttpServletRequest request) {
        String path = path(request);
        if (path.startsWith("/api/") || path.startsWith("/tasks/")) {
            return true;
        }
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase().startsWith(MediaType.APPLICATION_JSON_VALUE)) {
            return true;
        }
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            return types.stream().anyMatch(t -> !t.isWildcardType() && !t.isWildcardSubtype()
                    && MediaType.APPLICATION_JSON.isCompatibleWith(t));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /**
     * @param request the request
     * @return its path inside the application (no context path, no query)
     */
    public static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return uri == null ? "" : context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /**
     * The client address that login throttling and the audit trail count: {@code request.getRemoteAddr()} (set from
     * the trusted proxy's header when {@code TRUSTED_PROXIES} is set) in one spelling ({@link ClientAddress#canonical});
     * the limits count IPv6 clients by their /64 ({@link ClientAddress#network}).
     *
     * @param request the request
     * @return the client's address, or {@link ClientAddress#UNKNOWN} when it is not an IP address
     */
    public static String address(HttpServletRequest request) {
        return ClientAddress.canonical(request.getRemoteAddr());
    }
}
