package io.facegate.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code login_attempts}: one login attempt, kept for the operator and shown to its user. */
@Entity
@Table(name = "login_attempts")
public class LoginAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** The account named or matched; null when unknown (removed with the account: ON DELETE CASCADE). */
    @Column(name = "user_id")
    private Long userId;

    @Column(nullable = false, length = 16)
    private String method;

    @Column(nullable = false, length = 16)
    private String outcome;

    @Column(nullable = false, length = 40)
    private String reason;

    @Column(name = "client_address", nullable = false, length = 64)
    private String clientAddress;

    @Column(name = "attempted_at", nullable = false)
    private Instant attemptedAt;

    protected LoginAttempt() {
    }

    /**
     * @param userId        account, or null
     * @param method        {@code password} or {@code face}
     * @param outcome       {@code success}, {@code failure} or {@code throttled}
     * @param reason        reason code (snake_case)
     * @param clientAddress client address
     * @param attemptedAt   UTC time
     */
    public LoginAttempt(Long userId, String method, String outcome, String reason, String clientAddress,
                        Instant attemptedAt) {
        this.userId = userId;
        this.method = method;
        this.outcome = outcome;
        this.reason = reason;
        this.clientAddress = clientAddress;
        this.attemptedAt = attemptedAt;
    }

    /** @return row id */
    public Long getId() {
        return id;
    }

    /** @return account id, or null */
    public Long getUserId() {
        return userId;
    }

    /** @return {@code password} or {@code face} */
    public String getMethod() {
        return method;
    }

    /** @return {@code success}, {@code failure} or {@code throttled} */
    public String getOutcome() {
        return outcome;
    }

    /** @return reason code */
    public String getReason() {
        return reason;
    }

    /** @return client address */
    public String getClientAddress() {
        return clientAddress;
    }

    /** @return UTC time */
    public Instant getAttemptedAt() {
        return attemptedAt;
    }
}
