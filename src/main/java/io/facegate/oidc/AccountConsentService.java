package io.facegate.oidc;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Security's JDBC consent store ({@code oauth2_authorization_consent}: the scopes an account allowed a
 * client, so the consent page is asked once per client), keyed on the account's subject, deleted in cascade with
 * the account. Callers pass and get the user name, as the rest of Spring Security expects.
 */
public class AccountConsentService extends JdbcOAuth2AuthorizationConsentService {

    private final AccountSubjects subjects;

    /**
     * @param jdbc     database
     * @param clients  registered clients
     * @param subjects user name ↔ subject
     */
    public AccountConsentService(JdbcOperations jdbc, RegisteredClientRepository clients, AccountSubjects subjects) {
        super(jdbc, clients);
        this.subjects = subjects;
    }

    @Override
    public void save(OAuth2AuthorizationConsent consent) {
        String subject = subjects.subjectOf(consent.getPrincipalName()).orElseThrow(() ->
                new IllegalStateException("The account of this consent no longer exists."));
        super.save(copy(consent, subject));
    }

    @Override
    public void remove(OAuth2AuthorizationConsent consent) {
        subjects.subjectOf(consent.getPrincipalName()).ifPresent(subject -> super.remove(copy(consent, subject)));
    }

    @Override
    public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
        String subject = subjects.subjectOf(principalName).orElse(null);
        if (subject == null) {
            return null;
        }
        OAuth2AuthorizationConsent stored = super.findById(registeredClientId, subject);
        return stored == null ? null : copy(stored, principalName);
    }

    private static OAuth2AuthorizationConsent copy(OAuth2AuthorizationConsent consent, String principalName) {
        OAuth2AuthorizationConsent.Builder builder = OAuth2AuthorizationConsent.withId(
                consent.getRegisteredClientId(), principalName);
        consent.getAuthorities().forEach(builder::authority);
        return builder.build();
    }
}
