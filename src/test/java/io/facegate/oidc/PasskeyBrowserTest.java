package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import io.facegate.testsupport.HeadlessChromium;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Passkeys end to end in headless Chromium with the DevTools virtual authenticator ({@code WebAuthn.enable},
 * {@code WebAuthn.addVirtualAuthenticator}: CTAP2, internal transport, resident keys and user verification), on
 * {@code http://localhost} (WebAuthn refuses IP addresses as relying-party ids), with sessions in the database as
 * in production (Spring Session JDBC: what the passkey ceremonies keep in the session must serialize). One
 * application context and one browser; each test gets a fresh authenticator and no cookies.
 */
@TestPropertySource(properties = "spring.autoconfigure.exclude=")
class PasskeyBrowserTest extends OidcTestBase {

    private static final int APP_PORT = freePort();
    private static final int SITE_PORT = freePort();
    private static final String SITE_CALLBACK = "http://127.0.0.1:" + SITE_PORT + "/callback";
    private static final AtomicReference<String> RECEIVED = new AtomicReference<>();
    private static HttpServer site;
    private static HeadlessChromium browser;
    private String authenticator;

    @DynamicPropertySource
    static void localhost(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> APP_PORT);
        registry.add("facegate.webauthn.origins", () -> "http://localhost:" + APP_PORT);
        registry.add("facegate.oidc.clients", () -> "[{\"clientId\":\"wiki\",\"clientSecret\":\"" + SECRET
                + "\",\"redirectUris\":[\"" + SITE_CALLBACK + "\"],\"name\":\"Team wiki\"}]");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void startSiteAndBrowser() throws IOException {
        HeadlessChromium.requireOrSkip();
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", SITE_PORT), 0);
        site.createContext("/callback", exchange -> {
            RECEIVED.set(exchange.getRequestURI().getRawQuery());
            byte[] body = "<html><body><p id=\"site\">Back on the site</p></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        Path profile = Files.createTempDirectory("facegate-passkey-browser");
        browser = HeadlessChromium.open(profile.resolve("no-camera.y4m"), profile.resolve("profile"),
                "http://localhost:" + APP_PORT, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (site != null) {
            site.stop(0);
        }
    }

    /** A fresh virtual authenticator (no passkey yet) and no cookies. */
    @BeforeEach
    void freshAuthenticator() {
        cdp("WebAuthn.enable", Map.of());
        Map<String, Object> added = cdp("WebAuthn.addVirtualAuthenticator", Map.of("options", Map.of(
                "protocol", "ctap2", "transport", "internal", "hasResidentKey", true,
                "hasUserVerification", true, "isUserVerified", true, "automaticPresenceSimulation", true)));
        authenticator = (String) added.get("authenticatorId");
        browser.get("/");
        browser.driver().manage().deleteAllCookies();
    }

    @AfterEach
    void removeAuthenticator() {
        cdp("WebAuthn.removeVirtualAuthenticator", Map.of("authenticatorId", authenticator));
        clock.reset();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cdp(String command, Map<String, Object> params) {
        return ((HasCdp) browser.driver()).executeCdpCommand(command, params);
    }

    @Test
    void registerLogOutAndLogInWithThePasskeyAlone() {
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
    void aRemovedPasskeyNoLongerLogsIn() {
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

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Registers an account, logs in with the password in the browser and adds a passkey on the account page. */
    private String accountWithPasskey(String passkeyName) {
        String name;
        try {
            name = registerName();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        browser.get("/login");
        passwordLogin(name);
        browser.waitFor("the account page", d -> d.getCurrentUrl().endsWith("/account"));
        browser.driver().findElement(By.cssSelector("#passkey-add input[name=name]")).sendKeys(passkeyName);
        browser.driver().findElement(By.cssSelector("#passkey-add button[type=submit]")).click();
        browser.waitFor("the passkey to be added", d -> d.getCurrentUrl().endsWith("/account?passkeyAdded")
                || d.findElements(By.cssSelector("#passkey-add-alert[role=alert]")).stream().anyMatch(WebElement::isDisplayed));
        assertThat(browser.driver().getPageSource()).contains("Passkey added");
        return name;
    }

    private void passwordLogin(String name) {
        browser.driver().findElement(By.name("username")).sendKeys(name);
        browser.driver().findElement(By.name("password")).sendKeys(PASSWORD);
        browser.driver().findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    }

    private void logOut() {
        browser.driver().findElement(By.cssSelector("form[action='/logout'] button")).click();
        browser.waitFor("the logged-out page", d -> d.getCurrentUrl().contains("logout"));
    }

    /** Clicks "Sign in with a passkey" (or "Use a passkey instead") on the current page, or on {@code path}. */
    private void signInWithPasskey(String path) {
        if (path != null) {
            browser.get(path);
        }
        String from = browser.driver().getCurrentUrl();
        browser.waitFor("the passkey button", d -> d.findElement(By.id("passkey-login"))).click();
        browser.waitFor("the page after the passkey", d -> !d.getCurrentUrl().equals(from)
                || d.findElements(By.cssSelector("#passkey-alert[role=alert]")).stream().anyMatch(WebElement::isDisplayed));
        assertThat(browser.driver().findElements(By.cssSelector("#passkey-alert[role=alert]")).stream()
                .filter(WebElement::isDisplayed).map(WebElement::getText).toList()).isEmpty();
    }

    /** Approves the consent page and redeems the code the site received; returns the validated ID token. */
    private JWTClaimsSet consentAndToken(Request request) throws Exception {
        browser.waitFor("the consent page", d -> d.getCurrentUrl().contains("/oauth2/consent"));
        browser.driver().findElement(By.cssSelector("#consent button[type=submit]")).click();
        browser.waitFor("the site's callback", d -> !d.findElements(By.id("site")).isEmpty());
        Map<String, String> params = query(SITE_CALLBACK + "?" + RECEIVED.get());
        assertThat(params.get("state")).isEqualTo(request.state());
        HttpResponse<String> token = token(Map.of("grant_type", "authorization_code", "code", params.get("code"),
                "redirect_uri", SITE_CALLBACK, "code_verifier", request.verifier()), true);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return validate(json.readTree(token.body()).get("id_token").asString(), request.nonce());
    }

    private int credentialsOnAuthenticator() {
        return ((List<?>) cdp("WebAuthn.getCredentials", Map.of("authenticatorId", authenticator)).get("credentials"))
                .size();
    }

    private int unknownPasskeyFailures() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM login_attempts WHERE method = 'passkey' "
                + "AND reason = 'passkey_unknown'", Integer.class);
    }

    private int passkeyRows(String subject) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM user_entities WHERE name = ?", Integer.class, subject)
                + jdbc.queryForObject("SELECT COUNT(*) FROM user_credentials c JOIN user_entities e "
                + "ON c.user_entity_user_id = e.id WHERE e.name = ?", Integer.class, subject);
    }

    /** One login attempt by the script: fresh request options, then an assertion with a random signature. */
    private HttpResponse<String> forgedAssertion(Browser attacker, String credentialId, SecureRandom random)
            throws Exception {
        String csrf = attacker.csrf();
        HttpResponse<String> options = attacker.http.send(HttpRequest.newBuilder(abs("/webauthn/authenticate/options"))
                .header("X-CSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
        String challenge = json.readTree(options.body()).get("challenge").asString();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String clientData = b64.encodeToString(("{\"type\":\"webauthn.get\",\"challenge\":\"" + challenge
                + "\",\"origin\":\"http://localhost:" + APP_PORT + "\"}").getBytes(StandardCharsets.UTF_8));
        byte[] authData = new byte[37];
        random.nextBytes(authData);
        byte[] signature = new byte[72];
        random.nextBytes(signature);
        String body = "{\"id\":\"" + credentialId + "\",\"rawId\":\"" + credentialId + "\",\"type\":\"public-key\","
                + "\"response\":{\"authenticatorData\":\"" + b64.encodeToString(authData) + "\",\"clientDataJSON\":\""
                + clientData + "\",\"signature\":\"" + b64.encodeToString(signature) + "\"},"
                + "\"clientExtensionResults\":{}}";
        return attacker.http.send(HttpRequest.newBuilder(abs("/login/webauthn"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", csrf).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
