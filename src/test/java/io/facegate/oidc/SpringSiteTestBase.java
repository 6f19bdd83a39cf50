package io.facegate.oidc;

import io.facegate.testsupport.FreePort;
import io.facegate.testsupport.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the Spring Boot relying-party tests share: FaceGate on {@code http://localhost} ({@link
 * FaceGatePages#onLocalhost}, so that passkeys work; its issuer is {@link #issuer()}), the site of {@link SpringSite}
 * registered as its client and started before the class's first test, and one headless Chromium for the class
 * ({@link #openBrowser}); before each test the browser forgets every cookie. Both are closed after the class.
 */
abstract class SpringSiteTestBase extends OidcFaceTestBase {

    static final int SITE_PORT = FreePort.pick();
    static SpringSite site;
    static HeadlessChromium browser;

    @DynamicPropertySource
    static void localhostAndSite(DynamicPropertyRegistry registry) {
        FaceGatePages.onLocalhost(registry);
        registry.add("facegate.oidc.clients", () -> SpringSite.clientsJson(SITE_PORT));
    }

    @BeforeAll
    static void needsChromium() {
        HeadlessChromium.requireOrSkip();
    }

    /**
     * @param folder a new folder for the browser's profile and camera file
     * @param issuer FaceGate's base URL
     * @return the class's browser
     * @throws IOException if its files cannot be written
     */
    abstract HeadlessChromium openBrowser(Path folder, String issuer) throws IOException;

    @BeforeEach
    void startSiteAndBrowser() throws IOException {
        if (site == null) {
            site = SpringSite.start(SITE_PORT, issuer());
        }
        if (browser == null) {
            browser = openBrowser(Files.createTempDirectory("facegate-spring-site"), issuer());
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

    /** @return FaceGate's issuer, {@code http://localhost:PORT} */
    String issuer() {
        return "http://localhost:" + port;
    }
}
