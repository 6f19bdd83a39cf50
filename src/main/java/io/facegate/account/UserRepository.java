package io.facegate.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Accounts. */
public interface UserRepository extends JpaRepository<UserAccount, Long> {

    /**
     * @param usernameKey lower-case user name ({@link UserAccount#keyOf})
     * @return the account
     */
    Optional<UserAccount> findByUsernameKey(String usernameKey);

    /**
     * @param usernameKey lower-case user name
     * @return whether it is taken
     */
    boolean existsByUsernameKey(String usernameKey);

    /**
     * @param cutoff UTC instant
     * @return accounts created strictly before it, oldest first
     */
    List<UserAccount> findByCreatedAtBeforeOrderByCreatedAtAsc(Instant cutoff);

    /**
     * Deletes one account row; its face templates go with it ({@code ON DELETE CASCADE}).
     *
     * @param id user id
     * @return rows deleted (0 or 1)
     */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("delete from UserAccount u where u.id = :id")
    int deleteRow(long id);
}
