package io.facegate.passkey;

import io.facegate.config.LoginSettings;
import io.facegate.login.FaceStep;
import io.facegate.login.LoginGuard;
import io.facegate.oidc.AccountSubjects;
import io.facegate.oidc.OidcProperties;
import io.facegate.web.SessionLogin;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationProvider;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passkeys: Spring Security's WebAuthn support ({@code http.webAuthn(...)}, webauthn4j underneath) on the
 * database, with the relying party from {@code WEBAUTHN_RP_ID} / {@code WEBAUTHN_ORIGINS} ({@link RelyingParty}).
 * Passkeys are discoverable (resident key required) and the authenticator must verify its user (PIN or biometric:
 * user verification required at registration and login). The login endpoints are Spring Security's
 * ({@code POST /webauthn/authenticate/options}, {@code POST /login/webauthn}, the latter wrapped by
 * {@link PasskeyLoginFilter}); registration and removal are FaceGate's account endpoints
 * ({@link PasskeyController}), and Spring Security's own ones answer 404 ({@link SpringRegistrationRefusal}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PasskeyProperties.class)
public class PasskeyConfig {

    /** Name of the relying party shown by authenticators. */
    static final String RP_NAME = "FaceGate";

    /**
     * @param settings {@code WEBAUTHN_RP_ID}, {@code WEBAUTHN_ORIGINS}
     * @param oidc     {@code OIDC_ISSUER} (the default)
     * @param port     {@code PORT} (the default origin on localhost)
     * @return the checked relying party
     */
    @Bean
    RelyingParty relyingParty(PasskeyProperties settings, OidcProperties oidc,
                              @Value("${server.port:5000}") int port) {
        return RelyingParty.resolve(settings, oidc.issuer(), port);
    }

    /**
     * @param jdbc     database
     * @param subjects user name ↔ subject
     * @return user entities keyed on the account's subject
     */
    @Bean
    PublicKeyCredentialUserEntityRepository passkeyUserEntities(JdbcTemplate jdbc, AccountSubjects subjects) {
        return new SubjectUserEntities(new JdbcPublicKeyCredentialUserEntityRepository(jdbc), subjects);
    }

    /**
     * @param jdbc database
     * @return Spring Security's JDBC passkey store (table {@code user_credentials})
     */
    @Bean
    UserCredentialRepository passkeyCredentials(JdbcTemplate jdbc) {
        return new JdbcUserCredentialRepository(jdbc);
    }

    /**
     * @param userEntities user entities
     * @param credentials  passkeys
     * @param rp           relying party
     * @return Spring Security's webauthn4j operations, asking for discoverable credentials with user verification
     */
    @Bean
    WebAuthnRelyingPartyOperations relyingPartyOperations(PublicKeyCredentialUserEntityRepository userEntities,
                                                          UserCredentialRepository credentials, RelyingParty rp) {
        Webauthn4JRelyingPartyOperations operations = new Webauthn4JRelyingPartyOperations(userEntities, credentials,
                PublicKeyCredentialRpEntity.builder().id(rp.id()).name(RP_NAME).build(), rp.origins());
        operations.setCustomizeCreationOptions(options -> options.authenticatorSelection(
                AuthenticatorSelectionCriteria.builder().userVerification(UserVerificationRequirement.REQUIRED)
                        .residentKey(ResidentKeyRequirement.REQUIRED).build()));
        operations.setCustomizeRequestOptions(options -> options.userVerification(UserVerificationRequirement.REQUIRED));
        return operations;
    }

    /** @return creation options kept serializably in the session */
    @Bean
    SessionCreationOptions passkeyCreationOptions() {
        return new SessionCreationOptions();
    }

    /**
     * @param guard        throttling and audit
     * @param settings     face mode
     * @param faceStep     second-factor step
     * @param sessionLogin session login
     * @param details      accounts
     * @param credentials  passkeys
     * @param userEntities user entities
     * @param json         JSON writer
     * @param clock        UTC clock
     * @return the passkey login use case
     */
    @Bean
    PasskeyLogin passkeyLogin(LoginGuard guard, LoginSettings settings, FaceStep faceStep, SessionLogin sessionLogin,
                              UserDetailsService details, UserCredentialRepository credentials,
                              PublicKeyCredentialUserEntityRepository userEntities, JsonMapper json, Clock clock) {
        return new PasskeyLogin(guard, settings, faceStep, sessionLogin, details, credentials, userEntities, json,
                clock);
    }

    /**
     * @param login      the passkey login use case
     * @param options    creation options repository
     * @param operations the relying party's checks
     * @param details    accounts
     * @param json       JSON writer
     * @return what {@code login.SecurityConfig} applies to the application's filter chain
     */
    @Bean
    PasskeySecurity passkeySecurity(PasskeyLogin login, SessionCreationOptions options,
                                    WebAuthnRelyingPartyOperations operations, UserDetailsService details,
                                    JsonMapper json) {
        return new PasskeySecurity(login, options,
                new ProviderManager(new WebAuthnAuthenticationProvider(operations, details)), json);
    }
}
