package io.facegate.oidc;

import io.facegate.config.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code OIDC_CLIENTS}: a JSON list of relying parties, each
 * {@code {"clientId", "clientSecret" (absent or null for a public client), "redirectUris": [...],
 * "postLogoutRedirectUris": [...], "name"}}. Checks are strict because a mistake here is a security hole or a
 * client that cannot log in: client ids of 1–90 characters of {@code [A-Za-z0-9._~-]}, unique; at least one
 * redirect URI; every URI absolute, {@code https} (or {@code http} on a loopback host), without a fragment; a
 * secret of at least 16 characters when given. Unknown fields are refused (a typo must not pass silently).
 */
public final class ClientDefinitions {

    /** Shortest client secret accepted: 16 characters. */
    public static final int MIN_SECRET = 16;

    private ClientDefinitions() {
    }

    /**
     * One relying party as the operator wrote it.
     *
     * @param clientId               the OAuth 2.0 {@code client_id}
     * @param clientSecret           its secret; {@code null} for a public client (PKCE required)
     * @param redirectUris           where codes may be sent, compared exactly
     * @param postLogoutRedirectUris where RP-initiated logout may return, compared exactly
     * @param name                   shown on the consent page; defaults to the client id
     */
    public record Client(String clientId, String clientSecret, List<String> redirectUris,
                         List<String> postLogoutRedirectUris, String name) {

        /** @return whether the client has no secret (a browser or mobile app) */
        public boolean isPublic() {
            return clientSecret == null;
        }

        /** @return the name to show */
        public String displayName() {
            return name == null || name.isBlank() ? clientId : name;
        }
    }

    /**
     * @param json the setting's value; blank means no clients
     * @return the clients, checked
     * @throws InvalidSettingException naming the first problem
     */
    public static List<Client> parse(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        Client[] read;
        try {
            read = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                    .readValue(json, Client[].class);
        } catch (JacksonException e) {
            throw new InvalidSettingException("OIDC_CLIENTS is not a JSON list of clients ({\"clientId\", "
                    + "\"clientSecret\", \"redirectUris\", \"postLogoutRedirectUris\", \"name\"}): "
                    + e.getOriginalMessage());
        }
        if (read == null) {
            return List.of();
        }
        List<Client> clients = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Client c : read) {
            if (c == null || c.clientId() == null || !c.clientId().matches("[A-Za-z0-9._~-]{1,90}")) {
                throw new InvalidSettingException("OIDC_CLIENTS: every client needs a clientId of 1 to 90 letters, "
                        + "digits, '.', '_', '~' or '-'.");
            }
            String id = c.clientId();
            if (!ids.add(id)) {
                throw new InvalidSettingException("OIDC_CLIENTS: the clientId " + id + " appears twice.");
            }
            if (c.clientSecret() != null && c.clientSecret().length() < MIN_SECRET) {
                throw new InvalidSettingException("OIDC_CLIENTS: the clientSecret of " + id + " is shorter than "
                        + MIN_SECRET + " characters; give a long random secret, or none for a public client.");
            }
            List<String> redirects = c.redirectUris() == null ? List.of() : List.copyOf(c.redirectUris());
            if (redirects.isEmpty()) {
                throw new InvalidSettingException("OIDC_CLIENTS: the client " + id + " has no redirectUris.");
            }
            List<String> logouts = c.postLogoutRedirectUris() == null ? List.of()
                    : List.copyOf(c.postLogoutRedirectUris());
            for (String uri : redirects) {
                checkUri(id, "redirectUris", uri);
            }
            for (String uri : logouts) {
                checkUri(id, "postLogoutRedirectUris", uri);
            }
            clients.add(new Client(id, c.clientSecret(), redirects, logouts, c.name()));
        }
        return List.copyOf(clients);
    }

    /**
     * A login form's answer redirects to {@code /oauth2/authorize}, which redirects to the client; browsers apply
     * the page's CSP {@code form-action} to that whole chain, so the clients' redirect origins must be allowed.
     *
     * @param policy  a Content-Security-Policy with {@code form-action 'self'}
     * @param clients the clients
     * @return the policy with the origins of their redirect URIs added to {@code form-action}
     */
    public static String withFormActions(String policy, List<Client> clients) {
        Set<String> origins = redirectOrigins(clients);
        return origins.isEmpty() ? policy
                : policy.replace("form-action 'self'", "form-action 'self' " + String.join(" ", origins));
    }

    /**
     * @param clients the clients
     * @return the origins ({@code scheme://host[:port]}) of their redirect URIs, in order, each once
     */
    public static Set<String> redirectOrigins(List<Client> clients) {
        Set<String> origins = new java.util.LinkedHashSet<>();
        for (Client c : clients) {
            for (String uri : c.redirectUris()) {
                URI u = URI.create(uri);
                origins.add(u.getScheme() + "://" + u.getRawAuthority());
            }
        }
        return origins;
    }

    private static void checkUri(String clientId, String field, String value) {
        String problem = null;
        try {
            URI uri = new URI(value);
            String host = uri.getHost();
            if (!uri.isAbsolute() || host == null) {
                problem = "is not an absolute URL";
            } else if (uri.getRawFragment() != null) {
                problem = "has a fragment (#...)";
            } else if ("http".equals(uri.getScheme())) {
                if (!(host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"))) {
                    problem = "uses http on a host other than localhost/127.0.0.1/[::1]; use https";
                }
            } else if (!"https".equals(uri.getScheme())) {
                problem = "is neither https nor http on a loopback host";
            }
        } catch (URISyntaxException | NullPointerException e) {
            problem = "is not a URL";
        }
        if (problem != null) {
            throw new InvalidSettingException("OIDC_CLIENTS: in " + field + " of " + clientId + ", " + value + " "
                    + problem + ".");
        }
    }
}
