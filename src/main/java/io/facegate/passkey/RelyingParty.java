package io.facegate.passkey;

import io.facegate.config.InvalidSettingException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The WebAuthn relying party: its id (a domain name; browsers refuse IP addresses) and the origins whose pages may
 * use its passkeys. A pure check of the settings, run by {@code config.EarlySettingsCheck} before anything heavy
 * starts and again when the beans are made.
 *
 * @param id      relying-party id, lower case, e.g. {@code login.example.org}
 * @param origins allowed origins, e.g. {@code https://login.example.org}; each one's host is {@link #id} or one of
 *                its subdomains
 */
public record RelyingParty(String id, Set<String> origins) {

    /** A DNS name: dot-separated labels of letters, digits and inner hyphens (RFC 1123), at most 253 characters. */
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
    /** Four dotted numbers: an IPv4 address, which WebAuthn refuses as an id. */
    private static final Pattern IPV4 = Pattern.compile("[0-9]+(\\.[0-9]+){3}");

    /**
     * @param settings {@code WEBAUTHN_RP_ID} and {@code WEBAUTHN_ORIGINS} (blank: defaults)
     * @param issuer   {@code OIDC_ISSUER}, may be blank
     * @param port     the HTTP port ({@code PORT}), for the {@code localhost} default origin
     * @return the relying party
     * @throws InvalidSettingException with one sentence naming the variable when a value cannot be used
     */
    public static RelyingParty resolve(PasskeyProperties settings, String issuer, int port) {
        URI issuerUri = issuer == null || issuer.isBlank() ? null : URI.create(issuer.strip());
        String id = settings.rpId() == null ? "" : settings.rpId().strip().toLowerCase(Locale.ROOT);
        if (id.isEmpty()) {
            id = issuerUri != null && issuerUri.getHost() != null ? issuerUri.getHost().toLowerCase(Locale.ROOT)
                    : "localhost";
        }
        if (!DOMAIN.matcher(id).matches() || IPV4.matcher(id).matches()) {
            throw new InvalidSettingException("WEBAUTHN_RP_ID (facegate.webauthn.rp-id) is '" + id + "'; give the "
                    + "domain name the passkeys belong to, such as login.example.org (no scheme, port, path or IP "
                    + "address: browsers refuse IP addresses).");
        }
        Set<String> origins = new LinkedHashSet<>();
        String listed = settings.origins() == null ? "" : settings.origins().strip();
        if (listed.isEmpty()) {
            if (issuerUri != null && issuerUri.getHost() != null) {
                origins.add(origin(issuerUri));
            } else if ("localhost".equals(id)) {
                origins.add("http://localhost:" + port);
            } else {
                origins.add("https://" + id);
            }
        } else {
            for (String part : listed.split(",")) {
                if (!part.isBlank()) {
                    origins.add(checkOrigin(part.strip(), id));
                }
            }
        }
        for (String o : origins) {
            checkOrigin(o, id);
        }
        return new RelyingParty(id, Set.copyOf(origins));
    }

    private static String checkOrigin(String value, String id) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        String host = uri == null || uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        boolean ok = host != null && uri.getRawQuery() == null && uri.getRawFragment() == null
                && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && "localhost".equals(host))
                && (host.equals(id) || host.endsWith("." + id));
        if (!ok) {
            throw new InvalidSettingException("WEBAUTHN_ORIGINS (facegate.webauthn.origins) has '" + value
                    + "'; each origin must be https://host or https://host:port (http only on localhost), without a "
                    + "path, whose host is the relying-party id " + id + " or one of its subdomains.");
        }
        return origin(uri);
    }

    private static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
