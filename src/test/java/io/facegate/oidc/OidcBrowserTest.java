package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.testsupport.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OpenID Connect flow in a real browser (headless Chromium): the site's link to FaceGate, the login form, the
 * consent page, and the redirect back to the site, which a small HTTP server of the test plays. The pages' CSP
 * must let the login and consent forms' redirects reach the site ({@code form-action}).
 */
class OidcBrowserTest extends OidcTestBase {

    @RegisterExtension
    static final CallbackSite SITE = new CallbackSite();

    @DynamicPropertySource
    static void siteClient(DynamicPropertyRegistry registry) {
        registry.add("facegate.oidc.clients", SITE::clientsJson);
    }

    @BeforeAll
    static void needsChromium() {
        HeadlessChromium.requireOrSkip();
    }

    @Test
    void passwordLoginAndConsentInChromiumComeBackToTheSiteWithACode() throws Exception {
        String name = registerName();
        String callback = SITE.callback();
        Request request = authorizationRequest("wiki", callback, "");
        Path profile = Files.createTempDirectory("facegate-oidc-browser");
        try (HeadlessChromium browser = HeadlessChromium.open(profile.resolve("no-camera.y4m"),
                profile.resolve("profile"), "http://localhost:" + port, Duration.ofSeconds(30))) {
            browser.get(request.url());
            browser.waitFor("the login page", d -> d.getCurrentUrl().endsWith("/login"));
            FaceGatePages.passwordLogin(browser, name);
            browser.waitFor("the consent page", d -> d.getCurrentUrl().contains("/oauth2/consent"));
            assertThat(browser.driver().getPageSource()).contains("Team wiki");
            browser.driver().findElement(By.cssSelector("#consent button[type=submit]")).click();
            browser.waitFor("the site's callback", d -> !d.findElements(By.id("site")).isEmpty());
            Map<String, String> params = query(SITE.lastCallback());
            assertThat(params.get("state")).isEqualTo(request.state());
            assertThat(params).containsKey("code");
            // The code works for the site.
            assertThat(token(Map.of("grant_type", "authorization_code", "code", params.get("code"),
                    "redirect_uri", callback, "code_verifier", request.verifier()), true).statusCode()).isEqualTo(200);
        }
    }
}
