package io.facegate.passkey;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Passkey settings ({@code facegate.webauthn.*}); {@link RelyingParty#resolve} fills in the defaults and checks
 * them.
 *
 * @param rpId    {@code WEBAUTHN_RP_ID}: the relying-party id, a domain name the passkeys are bound to; empty means
 *                the host of {@code OIDC_ISSUER}, else {@code localhost}
 * @param origins {@code WEBAUTHN_ORIGINS}: comma-separated origins the pages are served from; empty means the
 *                origin of {@code OIDC_ISSUER}, else {@code http://localhost:PORT}
 */
@ConfigurationProperties("facegate.webauthn")
public record PasskeyProperties(@DefaultValue("") String rpId, @DefaultValue("") String origins) {
}
