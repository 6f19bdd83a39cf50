package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import example.site.RelyingPartyApplication;
import io.facegate.testsupport.HeadlessChromium;
import java.net.URI;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Spring Boot {@code oauth2Login} site ({@link RelyingPartyApplication}) started next to a FaceGate, and the
 * steps a browser takes through it: open a page of the site, log in at FaceGate (the step each test supplies:
 * password, face, challenge, passkey), approve the consent page, read what the site validated, refresh,
 * and log out through the site (RP-initiated logout).
 *
 * <p>FaceGate is reached as {@code localhost} (the host WebAuthn needs for passkeys) and the site as
 * {@code 127.0.0.1}, so their cookies never mix in one browser.
 */
final class SpringSite implements AutoCloseable {

    /** The client id FaceGate knows the site by. */
    static final String CLIENT_ID = "site";
    /** The site's client secret (test value). */
    static final String CLIENT_SECRET = "site-secret-0123456789abcdefghij";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext context;
    private final String base;

    private SpringSite(ConfigurableApplicationContext context, String base) {
        this.context = context;
        this.base = base;
    }

    /**
     * @param sitePort the site's port
     * @return the {@code OIDC_CLIENTS} value registering the site at FaceGate
     */
    static String clientsJson(int sitePort) {
        String site = "http://127.0.0.1:" + sitePort;
        return "[{\"clientId\":\"" + CLIENT_ID + "\",\"clientSecret\":\"" + CLIENT_SECRET + "\",\"name\":\"Example site\","
                + "\"redirectUris\":[\"" + site + "/login/oauth2/code/facegate\"],"
                + "\"postLogoutRedirectUris\":[\"" + site + "/bye\"]}]";
    }

    /**
     * Starts the site; it reads FaceGate's discovery document at start, so FaceGate must be up.
     *
     * @param sitePort the port given to {@link #clientsJson}
     * @param issuer   FaceGate's issuer, e.g. {@code http://localhost:8080}
     * @return the running site
     */
    static SpringSite start(int sitePort, String issuer) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RelyingPartyApplication.class)
                .run("--spring.config.name=relying-party", "--server.port=" + sitePort,
                        "--server.address=127.0.0.1", "--site.issuer=" + issuer, "--site.client-id=" + CLIENT_ID,
                        "--site.client-secret=" + CLIENT_SECRET);
        return new SpringSite(context, "http://127.0.0.1:" + sitePort);
    }

    /** @return the site's base URL */
    String base() {
        return base;
    }

    /** How the browser logs in once FaceGate shows its login page. */
    @FunctionalInterface
    interface FaceGateLogin {
        /**
         * @param browser the browser, on FaceGate's {@code /login} page with the site's authorization request saved
         * @throws Exception when the login cannot be done
         */
        void logIn(HeadlessChromium browser) throws Exception;
    }

    /**
     * Opens the site's {@code /me}, which sends the browser to FaceGate; logs in there with {@code login}, approves
     * the consent page, and returns what the site saw in the validated ID token and userinfo.
     *
     * @param browser a browser without a session at either
     * @param login   the login at FaceGate
     * @return the site's {@code /me} answer
     * @throws Exception from the login
     */
    JsonNode signIn(HeadlessChromium browser, FaceGateLogin login) throws Exception {
        browser.driver().get(base + "/me");
        browser.waitFor("FaceGate's login page", d -> d.getCurrentUrl().startsWith(browser.base())
                && URI.create(d.getCurrentUrl()).getPath().equals("/login"));
        login.logIn(browser);
        browser.waitFor("FaceGate's consent page or the site", d -> d.getCurrentUrl().contains("/oauth2/consent")
                || d.getCurrentUrl().startsWith(base));
        if (browser.driver().getCurrentUrl().contains("/oauth2/consent")) {
            assertThat(browser.driver().getPageSource()).contains("Example site");
            browser.driver().findElement(By.cssSelector("#consent button[type=submit]")).click();
        }
        // Spring Security's saved-request redirect adds "?continue".
        browser.waitFor("the site's page after the login", d -> d.getCurrentUrl().startsWith(base + "/me"));
        return fetch(browser, "/me");
    }

    /**
     * @param browser a browser logged in at the site
     * @return the site's {@code /refresh} answer (refresh token grant, the new ID token, userinfo)
     */
    JsonNode refresh(HeadlessChromium browser) {
        return fetch(browser, "/refresh");
    }

    /**
     * Presses the site's Sign out button: the site ends its session and sends the browser to FaceGate's
     * end-session endpoint with the ID token, which ends FaceGate's session and sends it back to {@code /bye}.
     *
     * @param browser a browser logged in at the site
     */
    void signOut(HeadlessChromium browser) {
        browser.driver().get(base + "/signout");
        browser.driver().findElement(By.id("signout")).click();
        browser.waitFor("the site's signed-out page", d -> d.getCurrentUrl().equals(base + "/bye"));
    }

    /**
     * Checks what the site saw after {@link #signIn}: Spring Security accepted the ID token (it checks the signature
     * from the JWKS, {@code iss}, {@code aud}, {@code nonce} and the times before the site's page is shown), and
     * its claims are those of this login.
     *
     * @param me       the site's {@code /me} answer
     * @param issuer   FaceGate's issuer
     * @param subject  the account's {@code sub}
     * @param username the account's user name
     * @param amr      the expected {@code amr}
     * @param acr      the expected {@code acr}
     * @param from     earliest acceptable {@code auth_time}
     * @param to       latest acceptable {@code auth_time}
     */
    static void assertLogin(JsonNode me, String issuer, String subject, String username, java.util.List<String> amr,
                            String acr, java.time.Instant from, java.time.Instant to) {
        assertThat(me.get("iss").asString()).isEqualTo(issuer);
        assertThat(me.get("sub").asString()).isEqualTo(subject);
        assertThat(me.get("aud").valueStream().map(JsonNode::asString).toList()).containsExactly(CLIENT_ID);
        // Spring Security sent a nonce and accepted the token only with it back.
        assertThat(me.get("nonce").asString()).isNotBlank();
        assertThat(me.get("name").asString()).isEqualTo(username);
        assertThat(me.get("preferred_username").asString()).isEqualTo(username);
        // The site called userinfo at the login (scope profile) and got the same account.
        assertThat(me.get("userinfo_preferred_username").asString()).isEqualTo(username);
        assertThat(me.get("amr").valueStream().map(JsonNode::asString).toList()).isEqualTo(amr);
        assertThat(me.get("acr").asString()).isEqualTo(acr);
        assertThat(java.time.Instant.ofEpochSecond(me.get("auth_time").asLong()))
                .isBetween(from.minusSeconds(1), to.plusSeconds(1));
    }

    /**
     * After {@link #signIn}: the site refreshes its tokens (the new ID token validated by Spring Security keeps
     * {@code sub} and {@code auth_time}: a refresh is not a login) and calls userinfo with the new access token;
     * then it logs out through FaceGate, which ends FaceGate's session too.
     *
     * @param browser the browser logged in at the site
     * @param me      the site's {@code /me} answer after the login
     */
    void refreshAndSignOut(HeadlessChromium browser, JsonNode me) {
        JsonNode refreshed = refresh(browser);
        assertThat(refreshed.get("newIdToken").asBoolean()).as("a new ID token after the refresh").isTrue();
        assertThat(refreshed.get("idToken").get("sub").asString()).isEqualTo(me.get("sub").asString());
        assertThat(refreshed.get("idToken").get("auth_time").asLong()).isEqualTo(me.get("auth_time").asLong());
        assertThat(refreshed.get("idToken").get("amr")).isEqualTo(me.get("amr"));
        assertThat(refreshed.get("userinfo").get("sub").asString()).isEqualTo(me.get("sub").asString());
        assertThat(refreshed.get("userinfo").get("preferred_username").asString())
                .isEqualTo(me.get("preferred_username").asString());

        signOut(browser);
        // FaceGate's session ended: its account page asks for a login.
        browser.get("/account");
        browser.waitFor("FaceGate's login page after the logout",
                d -> URI.create(d.getCurrentUrl()).getPath().equals("/login"));
        // The site's too: its page sends the browser to FaceGate again, which asks for a login.
        browser.driver().get(base + "/me");
        browser.waitFor("FaceGate's login page for the site after the logout", d -> d.getCurrentUrl()
                .startsWith(browser.base()) && URI.create(d.getCurrentUrl()).getPath().equals("/login"));
    }

    /** Deletes every cookie of the browser (of FaceGate and of the site), as a new browser would have none. */
    static void forgetCookies(HeadlessChromium browser) {
        ((ChromeDriver) browser.driver()).executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
    }

    private JsonNode fetch(HeadlessChromium browser, String path) {
        if (!browser.driver().getCurrentUrl().startsWith(base)) {
            browser.driver().get(base + "/bye");
        }
        Object text = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {headers: {Accept: 'application/json'}, redirect: 'manual'})"
                        + ".then(r => r.text().then(t => done(r.status + ' ' + t))).catch(e => done('0 ' + e));",
                path);
        String answer = String.valueOf(text);
        assertThat(answer).as("the site's " + path).startsWith("200 ");
        return JSON.readTree(answer.substring(4));
    }

    @Override
    public void close() {
        context.close();
    }
}
