package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.facegate.testsupport.Axe;
import io.facegate.testsupport.HeadlessChromium;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.TestAbortedException;
import org.openqa.selenium.By;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * What the passkey browser tests share: headless Chromium with the DevTools virtual authenticator
 * ({@link FaceGatePages#addAuthenticator}), on {@code http://localhost} ({@link FaceGatePages#onLocalhost}: WebAuthn
 * refuses IP addresses as relying-party ids), with sessions in the database as in production (Spring Session JDBC:
 * what the passkey ceremonies keep in the session must serialize), and a relying-party site ({@link CallbackSite})
 * for the OpenID Connect flow. One browser per class; each test gets a fresh authenticator and no cookies. The
 * contexts of two subclasses stay cached side by side: each gets its own port.
 */
@TestPropertySource(properties = "spring.autoconfigure.exclude=")
abstract class PasskeyBrowserTestBase extends OidcTestBase {

    @RegisterExtension
    static final CallbackSite SITE = new CallbackSite();
    static final String SITE_CALLBACK = SITE.callback();
    static HeadlessChromium browser;
    String authenticator;

    @DynamicPropertySource
    static void localhostAndSite(DynamicPropertyRegistry registry) {
        FaceGatePages.onLocalhost(registry);
        registry.add("facegate.oidc.clients", SITE::clientsJson);
    }

    @BeforeAll
    static void needsChromium() {
        HeadlessChromium.requireOrSkip();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** A fresh virtual authenticator (no passkey yet) and no cookies; the class's browser at its first test. */
    @BeforeEach
    void freshAuthenticator() throws IOException {
        if (browser == null) {
            Path profile = Files.createTempDirectory("facegate-passkey-browser");
            browser = HeadlessChromium.open(profile.resolve("no-camera.y4m"), profile.resolve("profile"),
                    "http://localhost:" + port, Duration.ofSeconds(30));
        }
        authenticator = FaceGatePages.addAuthenticator(browser);
        browser.get("/");
        browser.driver().manage().deleteAllCookies();
    }

    @AfterEach
    void removeAuthenticator() {
        FaceGatePages.removeAuthenticator(browser, authenticator);
        clock.reset();
    }

    static Map<String, Object> cdp(String command, Map<String, Object> params) {
        return FaceGatePages.cdp(browser, command, params);
    }

    /**
     * Runs axe-core (WCAG 2 A/AA, as {@code web.BrowserPagesTest}) on the current page; skips only this check, with
     * a message, when the build's npm install has not put axe-core in {@code node_modules}.
     *
     * @param state what the page shows, for the message
     */
    void noAccessibilityViolation(String state) {
        Axe axe;
        try {
            axe = Axe.load();
        } catch (IOException | TestAbortedException e) {
            System.out.println("axe-core check of '" + state + "' skipped: " + e.getMessage());
            return;
        }
        assertThat(axe.violations(browser.driver())).as(state).isEmpty();
    }

    /**
     * Saves a full-window screenshot of the current page as {@code target/screenshots/NAME.png}, for a person to
     * look at (as {@code web.BrowserPagesTest} does).
     *
     * @param name file name without extension
     * @throws IOException if it cannot be written
     */
    void screenshot(String name) throws IOException {
        Path folder = Path.of("target", "screenshots");
        Files.createDirectories(folder);
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser.driver()).getScreenshotAs(
                org.openqa.selenium.OutputType.BYTES);
        Files.write(folder.resolve(name + ".png"), png);
    }

    /** Registers an account, logs in with the password in the browser and adds a passkey on the account page. */
    String accountWithPasskey(String passkeyName) {
        String name;
        try {
            name = registerName();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        browser.get("/login");
        FaceGatePages.passwordLogin(browser, name);
        FaceGatePages.addPasskey(browser, passkeyName);
        return name;
    }

    void passwordLogin(String name) {
        FaceGatePages.passwordLogin(browser, name);
    }

    void logOut() {
        FaceGatePages.logOut(browser);
    }

    /** Opens {@code path} unless it is null, then {@link FaceGatePages#signInWithPasskey}. */
    void signInWithPasskey(String path) {
        if (path != null) {
            browser.get(path);
        }
        FaceGatePages.signInWithPasskey(browser);
    }

    /** Approves the consent page and redeems the code the site received; returns the validated ID token. */
    JWTClaimsSet consentAndToken(Request request) throws Exception {
        browser.waitFor("the consent page", d -> d.getCurrentUrl().contains("/oauth2/consent"));
        browser.driver().findElement(By.cssSelector("#consent button[type=submit]")).click();
        browser.waitFor("the site's callback", d -> !d.findElements(By.id("site")).isEmpty());
        Map<String, String> params = query(SITE.lastCallback());
        assertThat(params.get("state")).isEqualTo(request.state());
        HttpResponse<String> token = token(Map.of("grant_type", "authorization_code", "code", params.get("code"),
                "redirect_uri", SITE_CALLBACK, "code_verifier", request.verifier()), true);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return validate(json.readTree(token.body()).get("id_token").asString(), request.nonce());
    }

    int credentialsOnAuthenticator() {
        return FaceGatePages.credentials(browser, authenticator);
    }

    int unknownPasskeyFailures() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM login_attempts WHERE method = 'passkey' "
                + "AND reason = 'passkey_unknown'", Integer.class);
    }

    int passkeyRows(String subject) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM user_entities WHERE name = ?", Integer.class, subject)
                + jdbc.queryForObject("SELECT COUNT(*) FROM user_credentials c JOIN user_entities e "
                + "ON c.user_entity_user_id = e.id WHERE e.name = ?", Integer.class, subject);
    }

    /** One login attempt by the script: fresh request options, then an assertion with a random signature. */
    HttpResponse<String> forgedAssertion(Browser attacker, String credentialId, SecureRandom random)
            throws Exception {
        byte[] authData = new byte[37];
        random.nextBytes(authData);
        byte[] signature = new byte[72];
        random.nextBytes(signature);
        return assertion(attacker, credentialId, authData, signed -> signature);
    }

    /**
     * One login attempt by a script: fresh request options, then an assertion of {@code authData} signed by
     * {@code signer}.
     *
     * @param attacker     the script's own client
     * @param credentialId the passkey's id, base64url
     * @param authData     the authenticator data: rpIdHash (32), flags (1), signature counter (4)
     * @param signer       the signature of the bytes it is given (authData followed by SHA-256 of clientDataJSON)
     * @return the answer to {@code POST /login/webauthn}
     */
    HttpResponse<String> assertion(Browser attacker, String credentialId, byte[] authData,
                                   java.util.function.Function<byte[], byte[]> signer) throws Exception {
        String csrf = attacker.csrf();
        HttpResponse<String> options = attacker.http.send(HttpRequest.newBuilder(abs("/webauthn/authenticate/options"))
                .header("X-CSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
        String challenge = json.readTree(options.body()).get("challenge").asString();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] clientJson = ("{\"type\":\"webauthn.get\",\"challenge\":\"" + challenge
                + "\",\"origin\":\"http://localhost:" + port + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] clientHash = java.security.MessageDigest.getInstance("SHA-256").digest(clientJson);
        byte[] signed = java.util.Arrays.copyOf(authData, authData.length + clientHash.length);
        System.arraycopy(clientHash, 0, signed, authData.length, clientHash.length);
        String body = "{\"id\":\"" + credentialId + "\",\"rawId\":\"" + credentialId + "\",\"type\":\"public-key\","
                + "\"response\":{\"authenticatorData\":\"" + b64.encodeToString(authData) + "\",\"clientDataJSON\":\""
                + b64.encodeToString(clientJson) + "\",\"signature\":\"" + b64.encodeToString(signer.apply(signed))
                + "\"},\"clientExtensionResults\":{}}";
        return attacker.http.send(HttpRequest.newBuilder(abs("/login/webauthn"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", csrf).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
