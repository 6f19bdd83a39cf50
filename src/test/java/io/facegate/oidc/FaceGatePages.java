package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FreePort;
import io.facegate.testsupport.HeadlessChromium;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The steps a browser takes on FaceGate's own pages in the browser tests (password login, adding a passkey on the
 * account page, the passkey button, logging out), the Chromium DevTools virtual authenticator that answers the
 * passkey ceremonies ({@code WebAuthn.addVirtualAuthenticator}: CTAP2, internal transport, resident keys, user
 * verified, presence simulated), and the settings that serve FaceGate on {@code http://localhost} for it (WebAuthn
 * refuses IP addresses as relying-party ids).
 */
final class FaceGatePages {

    private FaceGatePages() {
    }

    /**
     * Serves the test's FaceGate on a free port fixed before it starts, so that its WebAuthn origin
     * ({@code http://localhost:PORT}) is known; the test's {@code port} is that port. Call from a
     * {@code @DynamicPropertySource} method; each context it starts gets its own port.
     *
     * @param registry the test's properties
     */
    static void onLocalhost(DynamicPropertyRegistry registry) {
        int appPort = FreePort.pick();
        registry.add("server.port", () -> appPort);
        registry.add("facegate.webauthn.origins", () -> "http://localhost:" + appPort);
    }

    /**
     * Sends a DevTools command to the browser's page.
     *
     * @param browser the browser
     * @param command e.g. {@code WebAuthn.getCredentials}
     * @param params  its parameters
     * @return its result
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cdp(HeadlessChromium browser, String command, Map<String, Object> params) {
        return ((HasCdp) browser.driver()).executeCdpCommand(command, params);
    }

    /**
     * @param browser the browser
     * @return the id of a new virtual authenticator without passkeys, which answers every ceremony of the page
     */
    static String addAuthenticator(HeadlessChromium browser) {
        cdp(browser, "WebAuthn.enable", Map.of());
        return (String) cdp(browser, "WebAuthn.addVirtualAuthenticator", Map.of("options", Map.of(
                "protocol", "ctap2", "transport", "internal", "hasResidentKey", true,
                "hasUserVerification", true, "isUserVerified", true, "automaticPresenceSimulation", true)))
                .get("authenticatorId");
    }

    /**
     * @param browser       the browser
     * @param authenticator an id from {@link #addAuthenticator}
     */
    static void removeAuthenticator(HeadlessChromium browser, String authenticator) {
        cdp(browser, "WebAuthn.removeVirtualAuthenticator", Map.of("authenticatorId", authenticator));
    }

    /**
     * @param browser       the browser
     * @param authenticator an id from {@link #addAuthenticator}
     * @return how many passkeys the authenticator holds
     */
    static int credentials(HeadlessChromium browser, String authenticator) {
        return ((List<?>) cdp(browser, "WebAuthn.getCredentials", Map.of("authenticatorId", authenticator))
                .get("credentials")).size();
    }

    /**
     * Fills FaceGate's login form with the account's name and the tests' password and sends it.
     *
     * @param browser the browser, on a page with the login form
     * @param name    the user name
     */
    static void passwordLogin(HeadlessChromium browser, String name) {
        browser.driver().findElement(By.name("username")).sendKeys(name);
        browser.driver().findElement(By.name("password")).sendKeys(WebTestBase.PASSWORD);
        browser.driver().findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    }

    /**
     * Adds a passkey on the account page: the virtual authenticator creates it, FaceGate stores it.
     *
     * @param browser     the browser, just logged in (registration asks for a recent login)
     * @param passkeyName the name given to the passkey
     */
    static void addPasskey(HeadlessChromium browser, String passkeyName) {
        browser.waitFor("the account page", d -> d.getCurrentUrl().endsWith("/account"));
        browser.driver().findElement(By.cssSelector("#passkey-add input[name=name]")).sendKeys(passkeyName);
        browser.driver().findElement(By.cssSelector("#passkey-add button[type=submit]")).click();
        browser.waitFor("the passkey to be added", d -> d.getCurrentUrl().endsWith("/account?passkeyAdded")
                || d.findElements(By.cssSelector("#passkey-add-alert[role=alert]")).stream().anyMatch(WebElement::isDisplayed));
        assertThat(browser.driver().getPageSource()).contains("Passkey added");
    }

    /**
     * Clicks "Sign in with a passkey" (or "Use a passkey instead") on the current page and waits until the page
     * moves on; fails if the page shows the passkey refusal instead.
     *
     * @param browser the browser, on FaceGate's login or face page
     */
    static void signInWithPasskey(HeadlessChromium browser) {
        String from = browser.driver().getCurrentUrl();
        browser.waitFor("the passkey button", d -> d.findElement(By.id("passkey-login"))).click();
        browser.waitFor("the page after the passkey", d -> !d.getCurrentUrl().equals(from)
                || d.findElements(By.cssSelector("#passkey-alert[role=alert]")).stream().anyMatch(WebElement::isDisplayed));
        assertThat(browser.driver().findElements(By.cssSelector("#passkey-alert[role=alert]")).stream()
                .filter(WebElement::isDisplayed).map(WebElement::getText).toList()).isEmpty();
    }

    /**
     * Presses the Log out button of a FaceGate page.
     *
     * @param browser the browser, logged in at FaceGate
     */
    static void logOut(HeadlessChromium browser) {
        browser.driver().findElement(By.cssSelector("form[action='/logout'] button")).click();
        browser.waitFor("the logged-out page", d -> d.getCurrentUrl().contains("logout"));
    }
}
