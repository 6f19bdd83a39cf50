package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.facegate.account.FaceTemplate;
import io.facegate.account.FaceTemplateStore;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Passkeys with {@code FACE_MODE=second-factor} in headless Chromium ({@link PasskeyBrowserTestBase}): an account
 * with Face ID needs two factors, and a passkey is one of them. After the password, *Use a passkey instead* on the
 * face step completes the login (ID token {@code pwd pop mfa}, {@code 2fa}); a passkey alone only opens the face
 * step and logs nobody in. The account's Face ID is a stored template (the face itself is not tried here; the face
 * after a passkey is the face step of {@code OidcSecondFactorTest}).
 */
@TestPropertySource(properties = "facegate.face.mode=second-factor")
class PasskeySecondFactorBrowserTest extends PasskeyBrowserTestBase {

    @Autowired
    FaceTemplateStore templates;
    @Autowired
    UserRepository userRepository;

    /** An account with a passkey (added while it had no Face ID, so the password alone logged in) and Face ID. */
    private String accountWithPasskeyAndFaceId() {
        String name = accountWithPasskey("Phone");
        logOut();
        long id = userRepository.findByUsernameKey(UserAccount.keyOf(name)).orElseThrow().getId();
        templates.add(id, new float[FaceTemplate.DESCRIPTOR_LENGTH], "test-v1", null);
        return name;
    }

    @Test
    void afterThePasswordAPasskeyCompletesTheLoginInsteadOfTheFace() throws Exception {
        String name = accountWithPasskeyAndFaceId();
        Request request = authorizationRequest("wiki", SITE_CALLBACK, "");
        browser.get(request.url());
        browser.waitFor("the login page", d -> d.getCurrentUrl().endsWith("/login"));
        passwordLogin(name);
        browser.waitFor("the face step", d -> d.getCurrentUrl().contains("/face-login"));
        assertThat(browser.driver().findElement(By.id("passkey-title")).getText()).isEqualTo("No camera?");
        signInWithPasskey(null);
        JWTClaimsSet id = consentAndToken(request);
        assertThat(id.getStringClaim("preferred_username")).isEqualTo(name);
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd", "pop", "mfa");
        assertThat(id.getStringClaim("acr")).isEqualTo("urn:facegate:acr:2fa");
    }

    @Test
    void aPasskeyAloneOpensTheFaceStepAndLogsNobodyIn() {
        String name = accountWithPasskeyAndFaceId();
        signInWithPasskey("/login");
        browser.waitFor("the face step", d -> d.getCurrentUrl().endsWith("/face-login"));
        assertThat(browser.driver().getPageSource()).contains("A passkey of your account can finish the login");
        browser.get("/account");
        browser.waitFor("the login page", d -> d.getCurrentUrl().endsWith("/login"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM login_attempts a JOIN users u ON a.user_id = u.id "
                + "WHERE u.username = ? AND a.method = 'passkey' AND a.outcome = 'success' "
                + "AND a.reason = 'passkey_face_step_required'", Integer.class, name)).isEqualTo(1);
    }
}
