package io.facegate.audit;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** The login audit trail. */
public interface LoginAttemptRepository extends JpaRepository<LoginAttempt, Long> {

    /**
     * @param userId account
     * @param page   how many (first page)
     * @return that account's attempts, newest first
     */
    List<LoginAttempt> findByUserIdOrderByAttemptedAtDescIdDesc(Long userId, Pageable page);

    /**
     * @param userId account
     * @return its rows
     */
    long countByUserId(Long userId);

    /**
     * @param userId  account
     * @param method  {@code face} or {@code password}
     * @param outcome e.g. {@link LoginAudit#FAILURE}
     * @param after   UTC instant
     * @return whether the account has such an attempt after that instant
     */
    boolean existsByUserIdAndMethodAndOutcomeAndAttemptedAtAfter(Long userId, String method, String outcome,
                                                                 Instant after);

    /**
     * Attempts that name no account are kept as long as accounts are (ACCOUNT_TTL_HOURS).
     *
     * @param cutoff UTC instant
     * @return rows deleted
     */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("delete from LoginAttempt a where a.userId is null and a.attemptedAt < :cutoff")
    int deleteAnonymousBefore(Instant cutoff);
}
