package io.facegate.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.encrypt.BytesEncryptor;
import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.keygen.KeyGenerators;

/**
 * The provider's signing keys, in {@code oidc_signing_keys} so that every instance signs and verifies with the same
 * keys and a restart keeps them. RSA 2048-bit keys, RS256, made on first use (no work at start-up).
 *
 * <ul>
 *   <li>Encryption at rest: with a secret ({@code OIDC_KEYS_SECRET}, else {@code SECRET_KEY}) each key's JWK JSON
 *       is encrypted with AES-256-GCM under a key derived from the secret and a per-key random 8-byte salt
 *       (Spring Security's {@link Encryptors#stronger}: PBKDF2, 1,024 iterations). Without a secret the keys are
 *       stored in clear and a warning is logged once. A key that cannot be decrypted (the secret changed) is
 *       skipped with a warning, and a new key is made.</li>
 *   <li>Rotation: when the newest key is older than {@code OIDC_KEY_ROTATION} a new one is made and signs from
 *       then on; the older ones stay in the JWKS for {@code OIDC_KEY_RETENTION} more, so tokens signed before
 *       still verify, and are deleted after.</li>
 * </ul>
 * Rows are read on every call (one small query) so a key made by another instance is used and published at once;
 * decrypted keys are kept in memory by key id.
 */
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final OidcProperties properties;
    private final String secret;
    private final Map<String, RSAKey> decrypted = new ConcurrentHashMap<>();
    private final Object making = new Object();

    /**
     * @param jdbc       database
     * @param clock      UTC clock
     * @param properties rotation and retention, the keys' secret
     * @param fallbackSecret {@code SECRET_KEY}, used when {@code OIDC_KEYS_SECRET} is empty
     */
    public SigningKeys(JdbcTemplate jdbc, Clock clock, OidcProperties properties, String fallbackSecret) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        String s = properties.keysSecret();
        if (s == null || s.isBlank()) {
            s = fallbackSecret;
        }
        this.secret = s == null || s.isBlank() ? null : s;
    }

    /** A stored key: its id, the key pair, and when it was made. */
    private record Stored(String kid, RSAKey key, Instant createdAt) {
    }

    /**
     * @return the key that signs now (the newest), made first when there is none or it is due for rotation
     */
    public RSAKey active() {
        List<Stored> keys = load();
        Instant now = clock.instant();
        if (keys.isEmpty() || !keys.get(0).createdAt().plus(properties.keyRotation()).isAfter(now)) {
            synchronized (making) {
                keys = load();
                if (keys.isEmpty() || !keys.get(0).createdAt().plus(properties.keyRotation()).isAfter(now)) {
                    return rotate();
                }
            }
        }
        return keys.get(0).key();
    }

    /**
     * @return the public halves of every published key (the active one and those replaced less than
     *         {@code OIDC_KEY_RETENTION} ago), newest first
     */
    public List<JWK> published() {
        List<JWK> list = new ArrayList<>();
        for (Stored s : load()) {
            list.add(s.key().toPublicJWK());
        }
        if (list.isEmpty()) {
            list.add(active().toPublicJWK());
        }
        return list;
    }

    /**
     * Makes a new signing key now (it signs from now on), and deletes keys replaced more than
     * {@code OIDC_KEY_RETENTION} ago.
     *
     * @return the new key
     */
    public RSAKey rotate() {
        Instant now = clock.instant();
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).issueTime(java.util.Date.from(now)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not make an RSA signing key.", e);
        }
        String json = key.toJSONString();
        if (secret == null) {
            log.warn("OIDC_KEYS_SECRET and SECRET_KEY are empty: the OpenID Connect signing key {} is stored "
                    + "unencrypted in the database.", key.getKeyID());
            jdbc.update("INSERT INTO oidc_signing_keys (kid, jwk, encrypted, salt, created_at) VALUES (?, ?, ?, ?, ?)",
                    key.getKeyID(), json, false, null, Timestamp.from(now));
        } else {
            String salt = KeyGenerators.string().generateKey();
            byte[] sealed = encryptor(salt).encrypt(json.getBytes(StandardCharsets.UTF_8));
            jdbc.update("INSERT INTO oidc_signing_keys (kid, jwk, encrypted, salt, created_at) VALUES (?, ?, ?, ?, ?)",
                    key.getKeyID(), Base64.getEncoder().encodeToString(sealed), true, salt, Timestamp.from(now));
        }
        decrypted.put(key.getKeyID(), key);
        // Keys replaced before (now - retention) have no valid token left: the key after them took over then.
        List<Stored> all = load();
        for (int i = 1; i < all.size(); i++) {
            Instant replacedAt = all.get(i - 1).createdAt();
            if (replacedAt.plus(properties.keyRetention()).isBefore(now)) {
                jdbc.update("DELETE FROM oidc_signing_keys WHERE kid = ?", all.get(i).kid());
                decrypted.remove(all.get(i).kid());
            }
        }
        log.info("OpenID Connect signing key {} made.", key.getKeyID());
        return key;
    }

    private BytesEncryptor encryptor(String salt) {
        return Encryptors.stronger(secret, salt);
    }

    /** Readable keys, newest first; keys replaced longer than the retention ago are left out. */
    private List<Stored> load() {
        List<Stored> rows = jdbc.query("SELECT kid, jwk, encrypted, salt, created_at FROM oidc_signing_keys "
                + "ORDER BY created_at DESC, kid DESC", (rs, n) -> {
                    String kid = rs.getString(1);
                    RSAKey key = decrypted.computeIfAbsent(kid, k -> {
                        try {
                            return open(k, rs.getString(2), rs.getBoolean(3), rs.getString(4));
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    return key == null ? null : new Stored(kid, key, rs.getTimestamp(5).toInstant());
                });
        List<Stored> keys = new ArrayList<>();
        Instant now = clock.instant();
        Instant replacedAt = null;
        for (Stored s : rows) {
            if (s == null) {
                continue;
            }
            if (replacedAt == null || !replacedAt.plus(properties.keyRetention()).isBefore(now)) {
                keys.add(s);
            }
            replacedAt = s.createdAt();
        }
        return keys;
    }

    private RSAKey open(String kid, String stored, boolean encrypted, String salt) {
        try {
            String json = stored;
            if (encrypted) {
                if (secret == null) {
                    log.warn("OpenID Connect signing key {} is encrypted but OIDC_KEYS_SECRET and SECRET_KEY are "
                            + "empty: it is skipped.", kid);
                    return null;
                }
                json = new String(encryptor(salt).decrypt(Base64.getDecoder().decode(stored)), StandardCharsets.UTF_8);
            }
            return RSAKey.parse(json);
        } catch (ParseException | IllegalStateException | IllegalArgumentException e) {
            log.warn("OpenID Connect signing key {} cannot be read (was OIDC_KEYS_SECRET or SECRET_KEY changed?): "
                    + "it is skipped.", kid);
            return null;
        }
    }
}
