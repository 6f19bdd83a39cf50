package io.facegate.passkey;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.account.AccountService;
import io.facegate.account.UserAccount;
import io.facegate.cleanup.CleanupService;
import io.facegate.support.MutableClock;
import io.facegate.support.WebTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.test.context.TestPropertySource;

/**
 * The passkey store on a real database, run once per database by a subclass that names it: Spring Security's JDBC
 * repositories on the {@code V16} tables (bytes, booleans and times round trip), user entities keyed on the
 * account's subject, and the cascade that deletes an account's passkeys with it (by its owner and by the cleanup),
 * so a later account with the freed user name has none.
 */
@SpringBootTest
@Import(WebTestBase.ClockConfig.class)
@TestPropertySource(properties = {"facegate.cleanup.enabled=false", "facegate.password.pbkdf2-iterations=1000"})
abstract class PasskeyStoreContract {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @Autowired
    AccountService accounts;
    @Autowired
    PublicKeyCredentialUserEntityRepository userEntities;
    @Autowired
    UserCredentialRepository credentials;
    @Autowired
    PasskeyRegistration passkeys;
    @Autowired
    CleanupService cleanup;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static String uniqueName() {
        return "pk" + NAMES.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 100000, 36);
    }

    /** Saves a user entity (by user name, as Spring Security does) and one passkey for it. */
    private CredentialRecord passkeyOf(String username, Instant created) {
        Bytes userId = Bytes.random();
        userEntities.save(ImmutablePublicKeyCredentialUserEntity.builder().id(userId).name(username)
                .displayName(username).build());
        CredentialRecord record = ImmutableCredentialRecord.builder()
                .credentialId(Bytes.random()).userEntityUserId(userId)
                .publicKey(new ImmutablePublicKeyCose(new byte[] {(byte) 0xa5, 1, 2, 3, -1, 0, 127}))
                .credentialType(PublicKeyCredentialType.PUBLIC_KEY).signatureCount(3).uvInitialized(true)
                .transports(Set.of(AuthenticatorTransport.INTERNAL)).backupEligible(true).backupState(false)
                .attestationObject(new Bytes(new byte[] {9, 8, 7})).attestationClientDataJSON(new Bytes(new byte[] {6}))
                .created(created).lastUsed(created).label("Work laptop").build();
        credentials.save(record);
        return record;
    }

    private int rows(String subject) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM user_entities WHERE name = ?", Integer.class, subject)
                + jdbc.queryForObject("SELECT COUNT(*) FROM user_credentials c JOIN user_entities e "
                + "ON c.user_entity_user_id = e.id WHERE e.name = ?", Integer.class, subject);
    }

    @Test
    void passkeysRoundTripKeyedOnTheSubjectAndGoWithTheAccount() {
        String name = uniqueName();
        UserAccount account = accounts.register(name, WebTestBase.PASSWORD);
        Instant created = Instant.parse("2030-01-02T03:04:05.678Z");
        CredentialRecord saved = passkeyOf(name, created);

        assertThat(jdbc.queryForObject("SELECT name FROM user_entities WHERE id = ?", String.class,
                saved.getUserEntityUserId().toBase64UrlString())).isEqualTo(account.getSubject());
        PublicKeyCredentialUserEntity entity = userEntities.findByUsername(name.toUpperCase());
        assertThat(entity.getName()).isEqualTo(name);
        assertThat(entity.getId()).isEqualTo(saved.getUserEntityUserId());
        CredentialRecord read = credentials.findByCredentialId(saved.getCredentialId());
        assertThat(read.getPublicKey().getBytes()).containsExactly(saved.getPublicKey().getBytes());
        assertThat(read.getAttestationObject().getBytes()).containsExactly(9, 8, 7);
        assertThat(read.getSignatureCount()).isEqualTo(3);
        assertThat(read.isUvInitialized()).isTrue();
        assertThat(read.isBackupEligible()).isTrue();
        assertThat(read.getTransports()).containsExactly(AuthenticatorTransport.INTERNAL);
        assertThat(read.getCreated()).isEqualTo(created);
        assertThat(read.getLabel()).isEqualTo("Work laptop");
        assertThat(passkeys.list(name)).containsExactly(new PasskeyRegistration.Passkey(
                saved.getCredentialId().toBase64UrlString(), "Work laptop", created.toString(), null));

        accounts.deleteAccount(account.getId());
        assertThat(rows(account.getSubject())).isZero();
        assertThat(userEntities.findById(saved.getUserEntityUserId())).isNull();
        assertThat(credentials.findByCredentialId(saved.getCredentialId())).isNull();

        // The freed user name, registered again, is a new account without the old passkey.
        UserAccount again = accounts.register(name, WebTestBase.PASSWORD);
        assertThat(again.getSubject()).isNotEqualTo(account.getSubject());
        assertThat(userEntities.findByUsername(name)).isNull();
        assertThat(passkeys.list(name)).isEmpty();
    }

    @Test
    void theCleanupDeletesTheExpiredAccountsPasskeys() {
        Instant t0 = Instant.parse("2046-03-01T10:00:00Z");
        clock.set(t0);
        UserAccount old = accounts.register(uniqueName(), WebTestBase.PASSWORD);
        passkeyOf(old.getUsername(), t0);
        clock.set(t0.plus(Duration.ofHours(2)));
        UserAccount young = accounts.register(uniqueName(), WebTestBase.PASSWORD);
        passkeyOf(young.getUsername(), t0);
        assertThat(rows(old.getSubject())).isEqualTo(2);

        clock.set(t0.plus(Duration.ofHours(25)));
        assertThat(cleanup.run().usersDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(rows(old.getSubject())).isZero();
        assertThat(rows(young.getSubject())).isEqualTo(2);
    }
}
