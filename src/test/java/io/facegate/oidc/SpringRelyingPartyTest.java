package io.facegate.oidc;

import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.HeadlessChromium;
import io.facegate.testsupport.Y4mWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A real Spring Boot {@code oauth2Login} site ({@link SpringSite}) logs in through FaceGate in headless Chromium
 * ({@code LIVENESS=off} here; the challenge is {@link SpringRelyingPartyChallengeTest}): with the password and with
 * the face on FaceGate's camera page (a fake camera playing an enrolled person). Each time Spring Security validates
 * the ID token, the site sees {@code amr}, {@code acr} and {@code auth_time} of that login, calls userinfo,
 * refreshes, and logs out through FaceGate's end-session endpoint, which ends FaceGate's session.
 *
 * <p>One FaceGate, one site and one browser serve the whole class. A passkey leg is one more test here: a
 * {@link SpringSite.FaceGateLogin} that presses FaceGate's passkey button with a Chromium virtual authenticator
 * (DevTools {@code WebAuthn.addVirtualAuthenticator}) holding a passkey registered on the account first, and
 * {@code amr} {@code ["pop"]}.
 */
class SpringRelyingPartyTest extends OidcFaceTestBase {

    private static final int SITE_PORT = SpringSite.freePort();
    private static SpringSite site;
    private static HeadlessChromium browser;

    @DynamicPropertySource
    static void siteClient(DynamicPropertyRegistry registry) {
        registry.add("facegate.oidc.clients", () -> SpringSite.clientsJson(SITE_PORT));
    }

    @BeforeAll
    static void needsChromium() {
        HeadlessChromium.requireOrSkip();
    }

    @BeforeEach
    void startSiteAndBrowser() throws Exception {
        if (site == null) {
            site = SpringSite.start(SITE_PORT, issuer());
        }
        if (browser == null) {
            Path folder = Files.createTempDirectory("facegate-spring-site");
            // The camera films the first person, who sets up Face ID in the face test.
            Path camera = folder.resolve("camera.y4m");
            Y4mWriter.write(FaceSamples.stillCamera(people.get(0).frame(), 300, 41), 30, camera);
            browser = HeadlessChromium.open(camera, folder.resolve("profile"), issuer(), Duration.ofSeconds(60));
        }
        SpringSite.forgetCookies(browser);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (site != null) {
            site.close();
            site = null;
        }
    }

    private String issuer() {
        return "http://localhost:" + port;
    }

    @Test
    void passwordLogin() throws Exception {
        String name = registerName();
        Instant before = Instant.now();
        JsonNode me = site.signIn(browser, b -> {
            b.driver().findElement(By.name("username")).sendKeys(name);
            b.driver().findElement(By.name("password")).sendKeys(PASSWORD);
            b.driver().findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        });
        SpringSite.assertLogin(me, issuer(), subjectOf(name), name, List.of("pwd"), "urn:facegate:acr:1fa", before,
                Instant.now());
        site.refreshAndSignOut(browser, me);
    }

    @Test
    void faceLoginWithLivenessOff() throws Exception {
        String name = enrolledAccount();
        Instant before = Instant.now();
        JsonNode me = site.signIn(browser, b -> {
            // From the login page to the camera page; the site's request waits in the session.
            b.get("/face-login");
            b.waitFor("Start camera", ExpectedConditions.elementToBeClickable(By.id("start"))).click();
            b.waitFor("Capture", ExpectedConditions.elementToBeClickable(By.id("capture"))).click();
        });
        // Liveness is off: a face without the challenge is one factor.
        SpringSite.assertLogin(me, issuer(), subjectOf(name), name, List.of("face"), "urn:facegate:acr:1fa", before,
                Instant.now());
        site.refreshAndSignOut(browser, me);
    }
}
