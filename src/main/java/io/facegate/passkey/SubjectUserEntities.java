package io.facegate.passkey;

import io.facegate.oidc.AccountSubjects;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;

/**
 * WebAuthn user entities in the database (Spring Security's {@link JdbcPublicKeyCredentialUserEntityRepository},
 * table {@code user_entities}, Flyway V16), keyed on the account's stable subject ({@code users.subject}) instead
 * of the user name that Spring Security hands over: {@code name} is stored as the subject (a foreign key with
 * {@code ON DELETE CASCADE}) and read back as the account's current user name. An entity whose account is gone
 * reads as absent, so a passkey never logs in to a later account that reuses a freed user name.
 */
public class SubjectUserEntities implements PublicKeyCredentialUserEntityRepository {

    private final JdbcPublicKeyCredentialUserEntityRepository rows;
    private final AccountSubjects subjects;

    /**
     * @param rows     Spring Security's JDBC repository
     * @param subjects user name ↔ subject
     */
    public SubjectUserEntities(JdbcPublicKeyCredentialUserEntityRepository rows, AccountSubjects subjects) {
        this.rows = rows;
        this.subjects = subjects;
    }

    @Override
    public PublicKeyCredentialUserEntity findById(Bytes id) {
        return withUsername(rows.findById(id));
    }

    @Override
    public PublicKeyCredentialUserEntity findByUsername(String username) {
        return subjects.subjectOf(username).map(rows::findByUsername).map(this::withUsername).orElse(null);
    }

    /**
     * @param userEntity an entity named by user name
     * @throws IllegalArgumentException when no account has that user name
     */
    @Override
    public void save(PublicKeyCredentialUserEntity userEntity) {
        String subject = subjects.subjectOf(userEntity.getName()).orElseThrow(() ->
                new IllegalArgumentException("No account for this passkey user entity."));
        rows.save(ImmutablePublicKeyCredentialUserEntity.builder().id(userEntity.getId()).name(subject)
                .displayName(userEntity.getDisplayName()).build());
    }

    @Override
    public void delete(Bytes id) {
        rows.delete(id);
    }

    private PublicKeyCredentialUserEntity withUsername(PublicKeyCredentialUserEntity stored) {
        if (stored == null) {
            return null;
        }
        return subjects.usernameOf(stored.getName()).map(username -> (PublicKeyCredentialUserEntity)
                ImmutablePublicKeyCredentialUserEntity.builder().id(stored.getId()).name(username)
                        .displayName(stored.getDisplayName()).build()).orElse(null);
    }
}
