package io.facegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.login.LoginController;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.HeadlessChromium;
import io.facegate.testsupport.Y4mWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * End to end in headless Chromium against the real server (Tomcat on a random port, SQLite in a temporary
 * folder): each person's face is the browser's fake camera (a 10-second Y4M at 10 fps of the photo with sensor noise, looped), the pages'
 * own JavaScript captures and uploads the frames, and the server's face engine decides. Persons A and B
 * register on the form, set up Face ID and log out; each then logs in by face as themselves; person C, not
 * enrolled, gets {@link LoginController#NO_MATCH} and no session.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}: skipped without them, except under
 * {@code CI=true}, where it fails so that a missing install step cannot pass silently. One fresh browser (and
 * profile) per camera file.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"facegate.cleanup.enabled=false", "facegate.password.pbkdf2-iterations=1000",
        "facegate.liveness=off"})
class BrowserFaceLoginTest {

    /** Longest wait for one step of the flow. */
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final String PASSWORD = "correct horse battery";
    private static final Path ROOT = tempRoot();
    private static final AtomicInteger NAMES = new AtomicInteger();

    @LocalServerPort
    int port;

    @TempDir
    Path temp;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("facegate.database-url", () -> "sqlite:///" + ROOT.resolve("facegate.db"));
        registry.add("facegate.labels-dir", () -> ROOT.resolve("labels").toString());
    }

    @BeforeAll
    static void needsChromium() {
        HeadlessChromium.requireOrSkip();
    }

    @Test
    void enrolledPeopleLogInByFaceAndAStrangerIsRefused() throws Exception {
        List<FaceSamples.Person> people = FaceSamples.distinctPeople(3, 0.8);
        String alice = uniqueName("alice");
        String bob = uniqueName("bob");
        try (HeadlessChromium a = open(people.get(0), "a", 1); HeadlessChromium b = open(people.get(1), "b", 2)) {
            registerAndSetUpFaceId(a, alice);
            logOut(a);
            registerAndSetUpFaceId(b, bob);
            logOut(b);
        }
        // Later, on their devices: the same faces, other camera frames (a camera never gives the setup's pixels
        // again; a stored image is refused, see StoredImageLoginTest).
        try (HeadlessChromium a = open(people.get(0), "a-later", 3);
             HeadlessChromium b = open(people.get(1), "b-later", 4)) {
            assertFaceLoginAs(a, alice);
            assertFaceLoginAs(b, bob);
        }
        try (HeadlessChromium c = open(people.get(2), "c", 5)) {
            c.get("/face-login");
            startCameraAndCapture(c);
            c.waitFor("the no-match message", ExpectedConditions.textToBe(By.id("alert"), LoginController.NO_MATCH));
            c.get("/account");
            c.waitFor("the redirect to /login", d -> "/login".equals(URI.create(d.getCurrentUrl()).getPath()));
        }
    }

    private void registerAndSetUpFaceId(HeadlessChromium browser, String username) {
        browser.get("/register");
        browser.driver().findElement(By.name("username")).sendKeys(username);
        browser.driver().findElement(By.name("password")).sendKeys(PASSWORD);
        browser.driver().findElement(By.cssSelector("form[action='/register'] button[type=submit]")).click();
        browser.waitFor("the Face ID setup page after registering", ExpectedConditions.urlMatches("/setupfaceid$"));
        browser.driver().findElement(By.id("consent-box")).click();
        startCameraAndCapture(browser);
        // the setup success is shown on the page before the user moves on
        browser.waitFor("the setup success message", ExpectedConditions.visibilityOfElementLocated(By.id("done")));
        assertThat(browser.driver().findElement(By.id("done")).getText()).contains("Continue to my account");
        browser.driver().findElement(By.id("continue")).click();
        assertOnAccountPageAs(browser, username);
        assertThat(browser.driver().findElements(By.cssSelector(".gallery figure"))).as("saved face images").isNotEmpty();
    }

    private void logOut(HeadlessChromium browser) {
        browser.driver().findElement(By.cssSelector("form[action='/logout'] button")).click();
        browser.waitFor("the home page after logging out", ExpectedConditions.urlMatches("/\\?logout$"));
        assertThat(browser.driver().findElements(By.cssSelector("form[action='/logout']"))).as("logout form").isEmpty();
    }

    private void assertFaceLoginAs(HeadlessChromium browser, String username) {
        browser.get("/face-login");
        startCameraAndCapture(browser);
        assertOnAccountPageAs(browser, username);
    }

    /** Presses Start camera, waits until the page enables Capture (camera running), and presses it. */
    private void startCameraAndCapture(HeadlessChromium browser) {
        browser.waitFor("Start camera to be enabled", ExpectedConditions.elementToBeClickable(By.id("start"))).click();
        browser.waitFor("Capture to be enabled", ExpectedConditions.elementToBeClickable(By.id("capture"))).click();
    }

    private void assertOnAccountPageAs(HeadlessChromium browser, String username) {
        browser.waitFor("the account page", ExpectedConditions.urlMatches("/account$"));
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo(username);
        assertThat(browser.driver().findElement(By.cssSelector("header a[href='/account']")).getText())
                .isEqualTo(username);
    }

    private static String uniqueName(String prefix) {
        return prefix + NAMES.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 100000, 36);
    }

    private HeadlessChromium open(FaceSamples.Person person, String name, long seed) throws IOException {
        Path camera = temp.resolve(name + ".y4m");
        Y4mWriter.write(FaceSamples.stillCamera(person.frame(), 100, seed), 10, camera);
        return HeadlessChromium.open(camera, temp.resolve("profile-" + name), "http://127.0.0.1:" + port, STEP);
    }

    private static Path tempRoot() {
        try {
            return Files.createTempDirectory("facegate-browser-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
