package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Passkeys end to end in headless Chromium with the virtual authenticator ({@link PasskeyBrowserTestBase}), with
 * {@code FACE_MODE=alternative}: add one on the account page, log in with it alone, complete an OpenID Connect
 * authorization with it (alone and as the second factor after the password), remove it, delete its account, and
 * the throttle and audit trail against forged assertions.
 */
class PasskeyBrowserTest extends PasskeyBrowserTestBase {

    @Test
    void registerLogOutAndLogInWithThePasskeyAlone() throws Exception {
        String name = accountWithPasskey("Test laptop");
        String subject = subjectOf(name);
        // Stored in the database, keyed on the account's subject, not its user name.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM user_credentials c JOIN user_entities e "
                + "ON c.user_entity_user_id = e.id WHERE e.name = ?", Integer.class, subject)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM user_entities WHERE name = ?", Integer.class, name))
                .isZero();
        assertThat(credentialsOnAuthenticator()).isEqualTo(1);
        String row = browser.driver().findElement(By.cssSelector("ul.passkeys li")).getText();
        assertThat(row).contains("Test laptop").contains("last used never");
        noAccessibilityViolation("account page with a passkey");
        screenshot("passkeys-account");

        logOut();
        signInWithPasskey("/login");
        browser.waitFor("the account page", d -> d.getCurrentUrl().endsWith("/account"));
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo(name);
        assertThat(browser.driver().findElement(By.cssSelector("ul.passkeys li")).getText())
                .doesNotContain("last used never");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM login_attempts a JOIN users u ON a.user_id = u.id "
                + "WHERE u.username = ? AND a.method = 'passkey' AND a.outcome = 'success' AND a.reason = 'ok'",
                Integer.class, name)).isEqualTo(1);
        assertThat(browser.driver().getPageSource()).contains("Passkey login accepted");
    }

    @Test
    void anAuthorizationRequestCompletedWithAPasskeyGivesAnIdTokenWithPop() throws Exception {
        String name = accountWithPasskey("Phone");
        logOut();
        Request request = authorizationRequest("wiki", SITE_CALLBACK, "");
        long before = java.time.Instant.now().getEpochSecond();
        browser.get(request.url());
        browser.waitFor("the login page", d -> d.getCurrentUrl().endsWith("/login"));
        signInWithPasskey(null);
        JWTClaimsSet id = consentAndToken(request);
        assertThat(id.getSubject()).isEqualTo(subjectOf(name));
        assertThat(id.getStringClaim("preferred_username")).isEqualTo(name);
        assertThat(id.getStringListClaim("amr")).containsExactly("pop");
        assertThat(id.getStringClaim("acr")).isEqualTo("urn:facegate:acr:1fa");
        // auth_time is the passkey login's time, not the account's creation or an earlier login.
        assertThat(id.getDateClaim("auth_time").toInstant().getEpochSecond()).isBetween(before,
                java.time.Instant.now().getEpochSecond());
    }

    @Test
    void aPasskeyAfterThePasswordIsTheSecondFactorOfATwoFactorRequest() throws Exception {
        String name = accountWithPasskey("Security key");
        logOut();
        Request request = authorizationRequest("wiki", SITE_CALLBACK, "&acr_values=urn:facegate:acr:2fa");
        browser.get(request.url());
        browser.waitFor("the login page", d -> d.getCurrentUrl().endsWith("/login"));
        passwordLogin(name);
        // The password alone is one factor: the provider asks for another one before any code.
        browser.waitFor("the second step", d -> d.getCurrentUrl().endsWith("/face-login"));
        signInWithPasskey(null);
        JWTClaimsSet id = consentAndToken(request);
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd", "pop", "mfa");
        assertThat(id.getStringClaim("acr")).isEqualTo("urn:facegate:acr:2fa");
    }

    @Test
    void aRemovedPasskeyNoLongerLogsIn() throws Exception {
        String name = accountWithPasskey("Old tablet");
        WebElement remove = browser.driver().findElement(By.cssSelector("ul.passkeys button[type=submit]"));
        assertThat(remove.getAttribute("aria-label")).isEqualTo("Remove passkey 1, Old tablet");
        remove.click();
        var confirm = browser.waitFor("the confirmation", ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains("Old tablet");
        confirm.accept();
        browser.waitFor("the removal message", d -> d.getPageSource().contains("Passkey \"Old tablet\" removed"));
        assertThat(browser.driver().findElements(By.cssSelector("ul.passkeys li"))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM user_credentials c JOIN user_entities e "
                + "ON c.user_entity_user_id = e.id WHERE e.name = ?", Integer.class, subjectOf(name))).isZero();

        logOut();
        int unknownBefore = unknownPasskeyFailures();
        // The authenticator still holds the key, the server no longer knows it.
        assertThat(credentialsOnAuthenticator()).isEqualTo(1);
        browser.get("/login");
        browser.driver().findElement(By.id("passkey-login")).click();
        WebElement alert = browser.waitFor("the refusal", d -> d.findElements(By.cssSelector("#passkey-alert[role=alert]"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        assertThat(alert.getText()).isEqualTo("This passkey could not log you in. Try again, or log in with your password.");
        noAccessibilityViolation("login page after a refused passkey");
        screenshot("passkeys-login-refused");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login");
        assertThat(unknownPasskeyFailures()).isEqualTo(unknownBefore + 1);
    }

    @Test
    void deletingTheAccountOrTheCleanupDeletesItsPasskeys() {
        String deleted = accountWithPasskey("Laptop");
        String deletedSubject = subjectOf(deleted);
        assertThat(passkeyRows(deletedSubject)).isEqualTo(2); // the user entity and the passkey
        browser.driver().findElement(By.cssSelector("form[action='/account/delete'] input[name=password]")).sendKeys(PASSWORD);
        browser.driver().findElement(By.cssSelector("form[action='/account/delete'] button[type=submit]")).click();
        browser.waitFor("the confirmation", ExpectedConditions.alertIsPresent()).accept();
        browser.waitFor("the home page", d -> !d.getCurrentUrl().contains("/account"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE subject = ?", Integer.class, deletedSubject))
                .isZero();
        assertThat(passkeyRows(deletedSubject)).isZero();

        cdp("WebAuthn.clearCredentials", Map.of("authenticatorId", authenticator));
        browser.driver().manage().deleteAllCookies();
        String expired = accountWithPasskey("Desktop");
        String expiredSubject = subjectOf(expired);
        assertThat(passkeyRows(expiredSubject)).isEqualTo(2);
        clock.set(java.time.Instant.now().plus(Duration.ofHours(25)));
        assertThat(cleanup.run().usersDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(passkeyRows(expiredSubject)).isZero();
    }

    @Test
    void forgedAssertionsAreAuditedAndThrottledSoTheyCannotBeTriedWithoutEnd() throws Exception {
        String name = accountWithPasskey("Work laptop");
        logOut();
        String credentialId = jdbc.queryForObject("SELECT c.credential_id FROM user_credentials c JOIN user_entities e "
                + "ON c.user_entity_user_id = e.id WHERE e.name = ?", String.class, subjectOf(name));
        // The attack: a script that knows a passkey's credential id (not a secret: sites list them in
        // allowCredentials) posts assertions with signatures of its own, hoping one verifies.
        Browser attacker = new Browser();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = forgedAssertion(attacker, credentialId, random);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
            assertThat(json.readTree(r.body()).get("error").asString()).isEqualTo("passkey_failed");
        }
        HttpResponse<String> throttled = forgedAssertion(attacker, credentialId, random);
        assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(429);
        assertThat(json.readTree(throttled.body()).get("error").asString()).isEqualTo("too_many_attempts");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("30");
        List<Map<String, Object>> audit = jdbc.queryForList("SELECT a.outcome, a.reason FROM login_attempts a "
                + "JOIN users u ON a.user_id = u.id WHERE u.username = ? AND a.method = 'passkey' ORDER BY a.id", name);
        assertThat(audit.stream().map(m -> m.get("outcome") + ":" + m.get("reason")).toList()).containsExactly(
                "failure:passkey_invalid", "failure:passkey_invalid", "failure:passkey_invalid",
                "failure:passkey_invalid", "failure:passkey_invalid", "throttled:too_many_attempts");
    }

    @Test
    void anAssertionWithoutUserVerificationIsRefused() throws Exception {
        // The attack (a README-only tester's software authenticator): a security key that is present but does not
        // verify its user (no PIN, no biometric; or one found or stolen) signs an assertion with the flags "user
        // present, not verified". The options ask for verification, and the server must hold to it; with sessions in
        // the database Spring Security's check compared a deserialized copy of its constant and skipped it.
        String name = accountWithPasskey("Security key");
        logOut();
        Map<?, ?> credential = (Map<?, ?>) ((List<?>) FaceGatePages.cdp(browser, "WebAuthn.getCredentials",
                Map.of("authenticatorId", authenticator)).get("credentials")).get(0);
        String credentialId = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Base64.getDecoder().decode((String) credential.get("credentialId")));
        // Chromium's virtual authenticator takes the first algorithm of the options it supports: Ed25519 here
        // (P-256 otherwise); the key is PKCS #8.
        byte[] pkcs8 = Base64.getDecoder().decode((String) credential.get("privateKey"));
        boolean ed25519 = java.util.Arrays.equals(java.util.Arrays.copyOfRange(pkcs8, 9, 12), new byte[] {0x2B, 0x65, 0x70});
        java.security.PrivateKey key = java.security.KeyFactory.getInstance(ed25519 ? "Ed25519" : "EC")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
        long counter = ((Number) credential.get("signCount")).longValue();
        java.util.function.Function<byte[], byte[]> sign = bytes -> {
            try {
                java.security.Signature signer = java.security.Signature.getInstance(ed25519 ? "Ed25519" : "SHA256withECDSA");
                signer.initSign(key);
                signer.update(bytes);
                return signer.sign();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
        Browser attacker = new Browser();
        HttpResponse<String> notVerified = assertion(attacker, credentialId, authenticatorData(0x01, counter + 1), sign);
        assertThat(notVerified.statusCode()).as(notVerified.body()).isEqualTo(401);
        assertThat(json.readTree(notVerified.body()).get("error").asString()).isEqualTo("passkey_failed");
        // The same key with the verified flag logs in: the assertion above failed for its flag alone.
        HttpResponse<String> verified = assertion(attacker, credentialId, authenticatorData(0x05, counter + 2), sign);
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(json.readTree(verified.body()).get("username").asString()).isEqualTo(name);
    }

    /** @return authenticator data for rpId {@code localhost}: its SHA-256, the flags, the counter (big-endian) */
    private static byte[] authenticatorData(int flags, long counter) throws Exception {
        byte[] data = java.util.Arrays.copyOf(java.security.MessageDigest.getInstance("SHA-256")
                .digest("localhost".getBytes(StandardCharsets.UTF_8)), 37);
        data[32] = (byte) flags;
        data[33] = (byte) (counter >>> 24);
        data[34] = (byte) (counter >>> 16);
        data[35] = (byte) (counter >>> 8);
        data[36] = (byte) counter;
        return data;
    }
}
