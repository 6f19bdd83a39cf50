package io.facegate.oidc;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the OpenID Connect provider ({@code facegate.oidc.*}, from the environment variables named below).
 *
 * @param clients         {@code OIDC_CLIENTS}: JSON list of the relying parties (see {@link ClientDefinitions});
 *                        empty means no client can use the provider
 * @param issuer          {@code OIDC_ISSUER}: the issuer URL ({@code https://login.example.org}); empty means the
 *                        URL the request came to, as seen through the trusted proxy ({@code TRUSTED_PROXIES})
 * @param keysSecret      {@code OIDC_KEYS_SECRET}: encrypts the signing keys in the database (AES-256-GCM, key
 *                        derived with PBKDF2); empty means {@code SECRET_KEY}; both empty means the keys are
 *                        stored unencrypted (a warning is logged)
 * @param keyRotation     {@code OIDC_KEY_ROTATION}: age after which a new signing key is made; the older ones stay
 *                        in the JWKS for {@link #keyRetention} more (default 30 days)
 * @param keyRetention    {@code OIDC_KEY_RETENTION}: how long a replaced key stays published; must exceed the
 *                        ID token and access token lifetimes (default 1 day)
 */
@ConfigurationProperties("facegate.oidc")
public record OidcProperties(
        @DefaultValue("") String clients,
        @DefaultValue("") String issuer,
        @DefaultValue("") String keysSecret,
        @DefaultValue("P30D") Duration keyRotation,
        @DefaultValue("P1D") Duration keyRetention) {

    /**
     * Longest life of a token the signing keys sign: Spring Security's ID tokens, 30 minutes (access tokens live 5).
     * A replaced key must stay published longer, or relying parties refuse valid tokens.
     */
    public static final Duration LONGEST_SIGNED_TOKEN = Duration.ofMinutes(30);

    /**
     * @throws io.facegate.config.InvalidSettingException when {@code OIDC_KEYS_SECRET} is set but guessable, the
     *                                                    rotation is not positive or the retention is not longer
     *                                                    than {@link #LONGEST_SIGNED_TOKEN}
     */
    public OidcProperties {
        io.facegate.config.OperatorSecrets.check("OIDC_KEYS_SECRET", keysSecret);
        if (keyRotation.isNegative() || keyRotation.isZero()) {
            throw new io.facegate.config.InvalidSettingException("OIDC_KEY_ROTATION is " + keyRotation
                    + "; give a positive duration such as P30D (the default).");
        }
        if (keyRetention.compareTo(LONGEST_SIGNED_TOKEN) <= 0) {
            throw new io.facegate.config.InvalidSettingException("OIDC_KEY_RETENTION is " + keyRetention
                    + "; give more than " + LONGEST_SIGNED_TOKEN + ": a replaced key must stay published while the "
                    + "tokens it signed are valid (ID tokens 30 minutes) (default P1D).");
        }
    }
}
