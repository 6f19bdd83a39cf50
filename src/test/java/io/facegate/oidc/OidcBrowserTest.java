package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.facegate.testsupport.HeadlessChromium;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OpenID Connect flow in a real browser (headless Chromium): the site's link to FaceGate, the login form, the
 * consent page, and the redirect back to the site, which a small HTTP server of the test plays. The pages' CSP
 * must let the login and consent forms' redirects reach the site ({@code form-action}).
 */
class OidcBrowserTest extends OidcTestBase {

    private static final int SITE_PORT = SpringSite.freePort();
    private static final AtomicReference<String> RECEIVED = new AtomicReference<>();
    private static HttpServer site;

    @DynamicPropertySource
    static void siteClient(DynamicPropertyRegistry registry) {
        registry.add("facegate.oidc.clients", () -> "[{\"clientId\":\"wiki\",\"clientSecret\":\"" + SECRET
                + "\",\"redirectUris\":[\"http://127.0.0.1:" + SITE_PORT + "/callback\"],\"name\":\"Team wiki\"}]");
    }

    @BeforeAll
    static void startSite() throws IOException {
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
    }

    @AfterAll
    static void stopSite() {
        if (site != null) {
            site.stop(0);
        }
    }

    @Test
    void passwordLoginAndConsentInChromiumComeBackToTheSiteWithACode() throws Exception {
        String name = registerName();
        String callback = "http://127.0.0.1:" + SITE_PORT + "/callback";
        Request request = authorizationRequest("wiki", callback, "");
        Path profile = Files.createTempDirectory("facegate-oidc-browser");
        try (HeadlessChromium browser = HeadlessChromium.open(profile.resolve("no-camera.y4m"),
                profile.resolve("profile"), "http://localhost:" + port, Duration.ofSeconds(30))) {
            browser.get(request.url());
            browser.waitFor("the login page", d -> d.getCurrentUrl().endsWith("/login"));
            browser.driver().findElement(By.name("username")).sendKeys(name);
            browser.driver().findElement(By.name("password")).sendKeys(PASSWORD);
            browser.driver().findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
            browser.waitFor("the consent page", d -> d.getCurrentUrl().contains("/oauth2/consent"));
            assertThat(browser.driver().getPageSource()).contains("Team wiki");
            browser.driver().findElement(By.cssSelector("#consent button[type=submit]")).click();
            browser.waitFor("the site's callback", d -> !d.findElements(By.id("site")).isEmpty());
            Map<String, String> params = query(callback + "?" + RECEIVED.get());
            assertThat(params.get("state")).isEqualTo(request.state());
            assertThat(params).containsKey("code");
            // The code works for the site.
            assertThat(token(Map.of("grant_type", "authorization_code", "code", params.get("code"),
                    "redirect_uri", callback, "code_verifier", request.verifier()), true).statusCode()).isEqualTo(200);
        }
    }
}
