package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.HeadlessChromium;
import io.facegate.testsupport.Y4mWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * A real Spring Boot {@code oauth2Login} site ({@link SpringSite}) logs in through FaceGate in headless Chromium
 * ({@code LIVENESS=off} here; the challenge is {@link SpringRelyingPartyChallengeTest}): with the password, with the
 * face on FaceGate's camera page (a fake camera playing an enrolled person), and with a passkey alone (Chromium's
 * DevTools virtual authenticator, on {@code localhost}). Each time Spring Security validates the ID token, the site
 * sees {@code amr}, {@code acr} and {@code auth_time} of that login, calls userinfo, refreshes, and logs out through
 * FaceGate's end-session endpoint, which ends FaceGate's session.
 *
 * <p>One FaceGate, one site and one browser serve the whole class ({@link SpringSiteTestBase}).
 */
class SpringRelyingPartyTest extends SpringSiteTestBase {

    @Override
    HeadlessChromium openBrowser(Path folder, String issuer) throws IOException {
        // The camera films the first person, who sets up Face ID in the face test.
        Path camera = folder.resolve("camera.y4m");
        Y4mWriter.write(FaceSamples.stillCamera(people.get(0).frame(), 100, 41), 10, camera);
        return HeadlessChromium.open(camera, folder.resolve("profile"), issuer, Duration.ofSeconds(60));
    }

    @Test
    void passwordLogin() throws Exception {
        String name = registerName();
        signInCheckAndSignOut(name, b -> FaceGatePages.passwordLogin(b, name), List.of("pwd"));
    }

    @Test
    void faceLoginWithLivenessOff() throws Exception {
        String name = enrolledAccount();
        // Liveness is off: a face without the challenge is one factor.
        signInCheckAndSignOut(name, b -> {
            // From the login page to the camera page; the site's request waits in the session.
            b.get("/face-login");
            b.waitFor("Start camera", ExpectedConditions.elementToBeClickable(By.id("start"))).click();
            b.waitFor("Capture", ExpectedConditions.elementToBeClickable(By.id("capture"))).click();
        }, List.of("face"));
    }

    @Test
    void passkeyLogin() throws Exception {
        String name = registerName();
        String authenticator = FaceGatePages.addAuthenticator(browser);
        try {
            // The account adds a passkey on FaceGate's account page; then FaceGate's session is gone.
            browser.get("/login");
            FaceGatePages.passwordLogin(browser, name);
            FaceGatePages.addPasskey(browser, "Laptop");
            assertThat(FaceGatePages.credentials(browser, authenticator)).isEqualTo(1);
            SpringSite.forgetCookies(browser);

            // FaceGate's login page for the site: the passkey button alone, no user name typed.
            signInCheckAndSignOut(name, FaceGatePages::signInWithPasskey, List.of("pop"));
        } finally {
            FaceGatePages.removeAuthenticator(browser, authenticator);
        }
    }

    /**
     * Logs in at the site through FaceGate with {@code login}; checks the ID token the site validated (this account,
     * {@code amr}, one factor, {@code auth_time} of this login), then userinfo, refresh and logout.
     */
    private void signInCheckAndSignOut(String name, SpringSite.FaceGateLogin login, List<String> amr)
            throws Exception {
        Instant before = Instant.now();
        JsonNode me = site.signIn(browser, login);
        SpringSite.assertLogin(me, issuer(), subjectOf(name), name, amr, "urn:facegate:acr:1fa", before,
                Instant.now());
        site.refreshAndSignOut(browser, me);
    }
}
