package io.facegate.account;

import io.facegate.web.ApiException;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Registration, password change, account and Face ID deletion. */
@Service
public class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final UserRepository users;
    private final FaceTemplateRepository templates;
    private final LabelStore labels;
    private final RegistrationRules rules;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final PersistentTokenRepository rememberMe;
    private final GallerySync gallery;

    /**
     * @param users           accounts
     * @param templates       face templates
     * @param labels          label files
     * @param rules           user name and password rules
     * @param passwordEncoder delegating encoder
     * @param clock           UTC clock
     * @param rememberMe      "keep me signed in" tokens (removed at a password change; deleted with the account
     *                        by the database)
     * @param gallery         records the template changes for the in-memory galleries
     */
    public AccountService(UserRepository users, FaceTemplateRepository templates, LabelStore labels,
                          RegistrationRules rules, PasswordEncoder passwordEncoder, Clock clock,
                          PersistentTokenRepository rememberMe, GallerySync gallery) {
        this.rememberMe = rememberMe;
        this.gallery = gallery;
        this.users = users;
        this.templates = templates;
        this.labels = labels;
        this.rules = rules;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
    }

    /**
     * @param username wanted user name
     * @param password wanted password
     * @return the new account
     * @throws ApiException 400 {@code invalid_username} / {@code weak_password}, 409 {@code username_taken}
     */
    @Transactional
    public UserAccount register(String username, String password) {
        rules.checkUsername(username);
        rules.checkPassword(password, username);
        if (users.existsByUsernameKey(UserAccount.keyOf(username))) {
            throw taken();
        }
        try {
            return users.saveAndFlush(new UserAccount(username, passwordEncoder.encode(password), clock.instant()));
        } catch (DataIntegrityViolationException e) {
            throw taken(); // registered by someone else between the check and the insert
        } catch (JpaSystemException e) {
            // SQLite reports the unique constraint as JpaSystemException (its error 19 is not translated).
            if (String.valueOf(e.getMostSpecificCause().getMessage()).contains("UNIQUE constraint failed")) {
                throw taken();
            }
            throw e;
        }
    }

    /**
     * Checks a password against the account's hash, outside any transaction (the hash takes a while, and no
     * database lock is held meanwhile). Callers asking for the current password go through
     * {@link PasswordConfirmation}, which throttles and audits this check.
     *
     * @param userId   the logged-in user
     * @param password the password given, may be null
     * @return whether it is the account's password
     * @throws ApiException 404 {@code account_gone} when the account no longer exists
     */
    public boolean passwordMatches(long userId, String password) {
        UserAccount account = require(userId);
        return password != null && passwordEncoder.matches(password, account.getPasswordHash());
    }

    /**
     * Sets a new password and removes the account's "keep me signed in" tokens. The caller has confirmed the
     * current password ({@link PasswordConfirmation}).
     *
     * @param userId      the logged-in user
     * @param newPassword new password (same rules as registration)
     * @throws ApiException 400 {@code weak_password}, 404 when the account is gone
     */
    @Transactional
    public void changePassword(long userId, String newPassword) {
        UserAccount account = require(userId);
        rules.checkPassword(newPassword, account.getUsername());
        account.setPasswordHash(passwordEncoder.encode(newPassword));
        rememberMe.removeUserTokens(account.getUsername());
    }

    /**
     * Deletes the account row (its templates go with it), then, once committed, its label folder. A folder that
     * cannot be removed is logged and removed by the next cleanup run (it no longer has a user row).
     *
     * The caller has confirmed the current password ({@link PasswordConfirmation}), so a borrowed unlocked session
     * cannot delete the account.
     *
     * @param userId the logged-in user
     */
    @Transactional
    public void deleteAccount(long userId) {
        users.deleteRow(userId);
        gallery.recordChange(userId);
        afterCommit(() -> deleteFolderQuietly(userId));
    }

    /**
     * @param userId owner
     * @return the owner's templates, oldest first
     */
    @Transactional(readOnly = true)
    public List<FaceTemplate> templates(long userId) {
        return templates.findByUserIdOrderByCreatedAtAscIdAsc(userId);
    }

    /**
     * @param userId     owner
     * @param templateId template
     * @return the label image, only when the template belongs to the owner and has an image stored
     */
    @Transactional(readOnly = true)
    public Optional<LabelStore.LabelImage> labelImage(long userId, long templateId) {
        return templates.findById(templateId)
                .filter(t -> t.getUserId() == userId)
                .flatMap(t -> labels.find(userId, t.getLabelImage()));
    }

    /**
     * Deletes one template and its label image.
     *
     * @param userId     owner
     * @param templateId template
     * @throws ApiException 404 {@code not_found} when it is not the owner's
     */
    @Transactional
    public void deleteTemplate(long userId, long templateId) {
        FaceTemplate template = templates.findById(templateId)
                .filter(t -> t.getUserId() == userId)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "not_found",
                        "That face image does not exist (any more)."));
        templates.delete(template);
        templates.flush();
        gallery.recordChange(userId);
        afterCommit(() -> labels.delete(userId, template.getLabelImage()));
    }

    /**
     * Removes Face ID: every template and the whole label folder.
     *
     * @param userId owner
     * @return templates deleted
     */
    @Transactional
    public int removeFaceId(long userId) {
        int deleted = templates.deleteByUser(userId);
        gallery.recordChange(userId);
        afterCommit(() -> deleteFolderQuietly(userId));
        return deleted;
    }

    /** Files go only once the rows are gone for good: a failed commit leaves rows and files as they were. */
    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private void deleteFolderQuietly(long userId) {
        try {
            labels.deleteAll(userId);
        } catch (IOException e) {
            log.warn("Could not remove the label folder of user {} ({}); the next cleanup run removes it.",
                    userId, e.toString());
        }
    }

    private UserAccount require(long userId) {
        return users.findById(userId).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "account_gone",
                "This account no longer exists."));
    }

    private static ApiException taken() {
        return new ApiException(HttpStatus.CONFLICT, "username_taken",
                "This user name is taken (names are compared ignoring case); choose another.");
    }
}
