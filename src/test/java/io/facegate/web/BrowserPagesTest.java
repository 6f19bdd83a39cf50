package io.facegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.testsupport.Axe;
import io.facegate.throttle.AttemptMethod;
import io.facegate.throttle.LoginThrottle;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.HeadlessChromium;
import io.facegate.testsupport.Y4mWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Every page state in headless Chromium against the real server, checked with axe-core (WCAG 2 A/AA, no rule
 * disabled: {@link Axe}) on a desktop window (1024×900) and on a 390×844 phone screen, where nothing may be wider
 * than the screen. Each state is also saved as a full-page screenshot, {@code target/screenshots/STATE-desktop.png}
 * and {@code -phone.png}, for people to look at. The camera pages' guide is tested with the fake camera: a picture
 * without a face never enables the button that starts the challenge; a missing camera is explained in plain words.
 * Skipped without Chromium (failing under {@code CI=true}, as {@link BrowserFaceLoginTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"facegate.cleanup.enabled=false", "facegate.password.pbkdf2-iterations=1000",
        "facegate.liveness=active"})
class BrowserPagesTest {

    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String PASSWORD = "correct horse battery";
    private static final Path ROOT = tempRoot();
    private static final Path SHOTS = Path.of("target", "screenshots");

    @LocalServerPort
    int port;

    @Autowired
    LoginThrottle throttle;
    @Autowired
    JdbcTemplate jdbc;

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
    void everyPageStateHasNoAccessibilityViolationAndFitsAPhone() throws Exception {
        Axe axe = Axe.load();
        List<String> problems = new ArrayList<>();
        LivenessClips.assumePresent();
        String name = "pages" + Long.toString(System.nanoTime() % 100000, 36);
        try (HeadlessChromium b = open(FaceSamples.stillCamera(frontalFace(), 100, 1), 10, "face")) {
            b.get("/");
            check(b, axe, "home", problems);
            b.get("/login");
            check(b, axe, "login", problems);
            b.driver().findElement(By.name("username")).sendKeys(name);
            b.driver().findElement(By.name("password")).sendKeys("not the password");
            b.driver().findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
            b.waitFor("the login error", ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".flash.error")));
            assertThat(b.driver().findElement(By.name("username")).getAttribute("value")).isEqualTo(name);
            check(b, axe, "login-refused", problems);
            b.get("/register");
            check(b, axe, "register", problems);
            b.driver().findElement(By.name("username")).sendKeys(name);
            b.driver().findElement(By.name("password")).sendKeys("password123");
            b.driver().findElement(By.cssSelector("form[action='/register'] button[type=submit]")).click();
            b.waitFor("the registration error", ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".flash.error")));
            check(b, axe, "register-refused", problems);
            b.get("/face-login");
            check(b, axe, "face-login", problems);

            b.get("/register");
            b.driver().findElement(By.name("username")).sendKeys(name);
            b.driver().findElement(By.name("password")).sendKeys(PASSWORD);
            b.driver().findElement(By.cssSelector("form[action='/register'] button[type=submit]")).click();
            b.waitFor("the Face ID setup page", ExpectedConditions.urlMatches("/setupfaceid$"));
            check(b, axe, "setup-consent", problems);
            b.driver().findElement(By.id("consent-box")).click();
            b.driver().findElement(By.id("start")).click();
            b.waitFor("the guide to accept the face", ExpectedConditions.elementToBeClickable(By.id("capture")));
            check(b, axe, "setup-camera", problems);
            // The network held up for 3 s: while the server has the frames, the page shows that it waits.
            ChromeDriver chrome = (ChromeDriver) b.driver();
            chrome.executeCdpCommand("Network.enable", Map.of());
            chrome.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 3000,
                    "downloadThroughput", -1, "uploadThroughput", -1));
            b.waitFor("the guide to accept the face", ExpectedConditions.elementToBeClickable(By.id("capture"))).click();
            b.waitFor("the bar while the server checks",
                    ExpectedConditions.visibilityOfElementLocated(By.id("server-progress")));
            assertThat(b.driver().findElement(By.id("status")).getText()).isEqualTo("Saving…");
            check(b, axe, "setup-saving", problems);
            chrome.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
            b.waitFor("the setup success", ExpectedConditions.visibilityOfElementLocated(By.id("done")));
            assertThat(b.driver().findElement(By.id("server-progress")).isDisplayed()).as("the bar once answered")
                    .isFalse();
            check(b, axe, "setup-done", problems);
            b.driver().findElement(By.id("continue")).click();
            b.waitFor("the account page", ExpectedConditions.urlMatches("/account$"));
            check(b, axe, "account", problems);
            // Logged out, an unknown address leads to the login page; logged in, it is the error page.
            b.get("/no-such-page");
            assertThat(b.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Error 404");
            check(b, axe, "error-404", problems);
            b.get("/account");
            String account = b.driver().findElement(By.tagName("main")).getText();
            assertThat(account).as("no ISO times on the page").doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
            assertThat(b.driver().findElements(By.cssSelector("button[aria-label^='Delete face image']")))
                    .as("named Delete buttons").isNotEmpty();

            b.driver().findElement(By.cssSelector("form[action='/logout'] button")).click();
            b.waitFor("the home page after logging out", ExpectedConditions.urlMatches("/\\?logout$"));
            b.get("/face-login");
            b.driver().findElement(By.id("start")).click();
            b.waitFor("the guide to accept the face", ExpectedConditions.elementToBeClickable(By.id("capture")));
            check(b, axe, "face-login-ready", problems);
            b.waitFor("the guide to accept the face", ExpectedConditions.elementToBeClickable(By.id("capture"))).click();
            b.waitFor("the challenge", ExpectedConditions.visibilityOfElementLocated(By.id("challenge")));
            check(b, axe, "face-login-challenge", problems);
            // A still picture cannot make the movements: the server refuses it.
            b.waitFor("the refusal", ExpectedConditions.visibilityOfElementLocated(By.id("alert")));
            // The guide keeps running under the refusal: it invites another try, never a stale "Good".
            String status = b.waitFor("the guide's line under the refusal",
                    d -> {
                        String text = d.findElement(By.id("status")).getText();
                        return text.isBlank() ? null : text;
                    });
            assertThat(status).isEqualTo("Ready for another try: press Log in.");
            check(b, axe, "face-login-refused", problems);
        }
        assertThat(problems).as("axe-core violations and overflows").isEmpty();
    }

    @Test
    void aCameraShowingNoFaceCannotStartTheChallenge() throws Exception {
        Axe axe = Axe.load();
        List<String> problems = new ArrayList<>();
        try (HeadlessChromium b = open(List.of(grey()), "grey")) {
            b.get("/face-login");
            b.driver().findElement(By.id("start")).click();
            // the overlay has looked at the picture several times and seen no face
            for (int round = 0; round < 3; round++) {
                JavascriptExecutor js = (JavascriptExecutor) b.driver();
                js.executeScript("document.getElementById('overlay').dataset.faces = '';");
                b.waitFor("the overlay to look at the picture", d -> "0".equals(
                        d.findElement(By.id("overlay")).getAttribute("data-faces")));
                assertThat(b.driver().findElement(By.id("capture")).isEnabled()).as("Log in button").isFalse();
            }
            assertThat(b.driver().findElement(By.id("status")).getText()).startsWith("No face in view");
            b.driver().findElement(By.id("capture")).click();   // a disabled button does nothing
            assertThat(b.driver().findElement(By.id("challenge")).isDisplayed()).isFalse();
            check(b, axe, "face-login-no-face", problems);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aThrottledFaceLoginShowsALiveCountdownBeforeTheChallenge() throws Exception {
        Axe axe = Axe.load();
        List<String> problems = new ArrayList<>();
        LivenessClips.assumePresent();
        try (HeadlessChromium b = open(List.of(frontalFace()), "throttled")) {
            b.get("/face-login");
            b.driver().findElement(By.id("start")).click();
            b.waitFor("the guide to accept the face", ExpectedConditions.elementToBeClickable(By.id("capture")));
            int failures = 0;
            while (throttle.peek(AttemptMethod.FACE, null, "127.0.0.1").allowed()) {
                throttle.failed(AttemptMethod.FACE, null, "127.0.0.1");
                assertThat(++failures).isLessThan(100);
            }
            b.driver().findElement(By.id("capture")).click();
            b.waitFor("the countdown", ExpectedConditions.textMatches(By.cssSelector("#alert .countdown"),
                    java.util.regex.Pattern.compile("You can try again in \\d+ seconds?\\.")));
            Object answers = ((JavascriptExecutor) b.driver()).executeScript("return performance.getEntriesByType("
                    + "'resource').filter((e) => new URL(e.name).pathname === '/face-login').length;");
            assertThat(((Number) answers).intValue()).as("no frames captured and sent").isZero();
            assertThat(b.driver().findElement(By.id("capture")).isEnabled()).isFalse();
            check(b, axe, "face-login-throttled", problems);
        } finally {
            jdbc.update("DELETE FROM login_counters");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void withoutFaceApiTheServersPrecheckGuides() throws Exception {
        LivenessClips.assumePresent();
        for (boolean face : new boolean[] {false, true}) {
            try (HeadlessChromium b = open(List.of(face ? frontalFace() : grey()), face ? "pre-face" : "pre-grey")) {
                ChromeDriver chrome = (ChromeDriver) b.driver();
                // A browser where the face guide's worker cannot run (no OffscreenCanvas, as Safari before 16.4):
                // the page must fall back to the server's pre-check.
                chrome.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                        "Object.defineProperty(window, 'OffscreenCanvas', { value: undefined });"));
                b.get("/face-login");
                assertThat(chrome.executeScript("return typeof OffscreenCanvas;")).isEqualTo("undefined");
                b.driver().findElement(By.id("start")).click();
                if (face) {
                    b.waitFor("the server's pre-check to accept the face",
                            ExpectedConditions.elementToBeClickable(By.id("capture")));
                    assertThat(b.driver().findElement(By.id("camera")).getAttribute("data-guide-by")).isEqualTo("server");
                } else {
                    b.waitFor("the server's pre-check to answer", ExpectedConditions.textToBePresentInElementLocated(
                            By.id("status"), "No face was found"));
                    assertThat(b.driver().findElement(By.id("capture")).isEnabled()).isFalse();
                }
            }
        }
    }

    @Test
    void aMissingCameraIsExplainedWithANextStep() throws Exception {
        Axe axe = Axe.load();
        List<String> problems = new ArrayList<>();
        Path none = temp.resolve("no-such-camera.y4m");
        try (HeadlessChromium b = HeadlessChromium.open(none, temp.resolve("profile-none"),
                "http://127.0.0.1:" + port, STEP)) {
            b.get("/face-login");
            b.driver().findElement(By.id("start")).click();
            b.waitFor("the camera error", ExpectedConditions.visibilityOfElementLocated(By.id("alert")));
            String alert = b.driver().findElement(By.id("alert")).getText();
            assertThat(alert).startsWith("No camera was found on this device").doesNotContain("NotFoundError");
            assertThat(b.driver().findElement(By.id("alert")).getAttribute("class")).isEqualTo("flash error");
            assertThat(b.driver().findElement(By.cssSelector("#alert button")).getText()).isEqualTo("Try again");
            check(b, axe, "face-login-no-camera", problems);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aDeniedCameraIsExplainedWithHowToAllowItAgain() throws Exception {
        Axe axe = Axe.load();
        List<String> problems = new ArrayList<>();
        try (HeadlessChromium b = open(List.of(grey()), "denied")) {
            // The browser's answer after the user chose "Block": getUserMedia rejects with NotAllowedError. (The
            // fake-camera flag these tests need accepts every prompt and overrides Browser.setPermission, so the
            // browser's rejection is given by a script before the page loads.)
            ((ChromeDriver) b.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "navigator.mediaDevices.getUserMedia = () => Promise.reject("
                            + "new DOMException('Permission denied', 'NotAllowedError'));"));
            b.get("/face-login");
            b.driver().findElement(By.id("start")).click();
            b.waitFor("the camera error", ExpectedConditions.visibilityOfElementLocated(By.id("alert")));
            String alert = b.driver().findElement(By.id("alert")).getText();
            assertThat(alert).startsWith("Camera access is blocked for this site.").contains("Chrome, Edge:")
                    .contains("Safari").contains("Firefox").doesNotContain("NotAllowedError");
            assertThat(b.driver().findElement(By.cssSelector("#alert button")).getText()).isEqualTo("Try again");
            check(b, axe, "face-login-camera-denied", problems);
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Runs axe-core and saves screenshots on a desktop window and on a 390×844 phone screen, and checks that the
     * phone screen needs no horizontal scrolling.
     */
    private static void check(HeadlessChromium b, Axe axe, String state, List<String> problems) throws IOException {
        ChromeDriver chrome = (ChromeDriver) b.driver();
        for (String device : List.of("desktop", "phone")) {
            boolean phone = device.equals("phone");
            chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", phone ? 390 : 1024,
                    "height", phone ? 844 : 900, "deviceScaleFactor", 1, "mobile", phone));
            for (String v : axe.violations(chrome)) {
                problems.add(state + " " + device + ": " + v);
                System.out.println("axe-core: " + state + " " + device + ": " + v);
            }
            JavascriptExecutor js = chrome;
            long overflow = ((Number) js.executeScript(
                    "return document.documentElement.scrollWidth - window.innerWidth;")).longValue();
            if (phone && overflow > 0) {
                problems.add(state + " phone: the page is " + overflow + " px wider than the 390 px screen");
            }
            long height = ((Number) js.executeScript("return document.documentElement.scrollHeight;")).longValue();
            chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", phone ? 390 : 1024,
                    "height", Math.max(phone ? 844 : 900, Math.min(height, 4000)), "deviceScaleFactor", 1,
                    "mobile", phone));
            Files.createDirectories(SHOTS);
            Files.write(SHOTS.resolve(state + "-" + device + ".png"), chrome.getScreenshotAs(OutputType.BYTES));
        }
        chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** The shared head-turn clip's first frame (enlarged ×2): one frontal face, as Face ID setup wants it. */
    private static BufferedImage frontalFace() {
        return LivenessClips.headTurn(2).get(0);
    }

    private static BufferedImage grey() {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(120, 120, 120));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        return image;
    }

    private HeadlessChromium open(List<BufferedImage> frames, String name) throws IOException {
        return open(frames, 30, name);
    }

    /** A browser whose fake camera loops these frames at {@code fps}. */
    private HeadlessChromium open(List<BufferedImage> frames, int fps, String name) throws IOException {
        Path camera = temp.resolve(name + ".y4m");
        Y4mWriter.write(frames, fps, camera);
        return HeadlessChromium.open(camera, temp.resolve("profile-" + name), "http://127.0.0.1:" + port, STEP);
    }

    private static Path tempRoot() {
        try {
            return Files.createTempDirectory("facegate-browser-pages-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
