package io.facegate.oidc;

import io.facegate.account.UserAccount;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Between a user name (what Spring Security calls the principal's name) and the account's stable subject
 * ({@code users.subject}, a 36-character UUID; user names have at most 32 characters, so the two never look
 * alike). The provider stores subjects, so a later account with a freed user name inherits nothing.
 */
@Component
public class AccountSubjects {

    /** Length of a subject (a UUID string). */
    public static final int SUBJECT_LENGTH = 36;

    private final JdbcTemplate jdbc;

    /** @param jdbc database access */
    public AccountSubjects(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param name a user name, or already a subject
     * @return the subject of the account that has it now, if any
     */
    public Optional<String> subjectOf(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (name.length() == SUBJECT_LENGTH) {
            List<String> found = jdbc.queryForList("SELECT subject FROM users WHERE subject = ?", String.class, name);
            return found.stream().findFirst();
        }
        List<String> found = jdbc.queryForList("SELECT subject FROM users WHERE username_key = ?", String.class,
                UserAccount.keyOf(name));
        return found.stream().findFirst();
    }

    /**
     * @param subject a subject
     * @return the user name of its account, if the account still exists
     */
    public Optional<String> usernameOf(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        return jdbc.queryForList("SELECT username FROM users WHERE subject = ?", String.class, subject).stream()
                .findFirst();
    }
}
