package io.facegate.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcType;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** A row of {@code users}: one account. */
@Entity
@Table(name = "users")
public class UserAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 32)
    private String username;

    /** {@link #username} in lower case: the unique key, so that "Alice" and "alice" are one account. */
    @Column(name = "username_key", nullable = false, length = 32, unique = true)
    private String usernameKey;

    /**
     * The account's stable random identifier (a random UUID, 36 characters, so never equal to a user name of at
     * most 32): the OpenID Connect {@code sub}, and the key of the account's consents, authorizations and
     * passkeys. A new account never gets an earlier account's subject, even with the same user name.
     */
    @Column(name = "subject", nullable = false, length = 36, unique = true, updatable = false)
    private String subject;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    /**
     * When the account was created, UTC; the cleanup deletes accounts older than ACCOUNT_TTL_HOURS. Read leniently
     * ({@link LenientInstantJdbcType}): null when the stored value cannot be read as a time.
     */
    @Column(name = "created_at", nullable = false)
    @JdbcType(LenientInstantJdbcType.class)
    private Instant createdAt;

    protected UserAccount() {
    }

    /**
     * @param username     as typed at registration (already validated)
     * @param passwordHash encoded password ({@code {pbkdf2@SpringSecurity_v5_8}…})
     * @param createdAt    creation time, UTC
     */
    public UserAccount(String username, String passwordHash, Instant createdAt) {
        this.username = username;
        this.usernameKey = keyOf(username);
        this.subject = UUID.randomUUID().toString();
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    /**
     * @param username a user name
     * @return its case-insensitive key (lower case, locale-independent)
     */
    public static String keyOf(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    /** @return database id */
    public Long getId() {
        return id;
    }

    /** @return user name as registered */
    public String getUsername() {
        return username;
    }

    /** @return lower-case unique key */
    public String getUsernameKey() {
        return usernameKey;
    }

    /** @return the stable random identifier of the account (OpenID Connect {@code sub}) */
    public String getSubject() {
        return subject;
    }

    /** @return encoded password */
    public String getPasswordHash() {
        return passwordHash;
    }

    /** @param passwordHash new encoded password */
    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    /** @return creation time, UTC; null when the stored value cannot be read (see {@code cleanup.CreatedAt}) */
    public Instant getCreatedAt() {
        return createdAt;
    }
}
