package io.facegate.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, with a fake camera that plays a Y4M file (see
 * {@link Y4mWriter}). The flags are those measured to work as root on this kind of machine.
 *
 * @param driver the WebDriver; {@link #close()} quits it
 * @param base   the application's base URL, e.g. {@code http://127.0.0.1:PORT}
 * @param step   the longest wait of one step
 */
public record HeadlessChromium(WebDriver driver, String base, Duration step) implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * Skips the calling test class when Chromium or chromedriver is missing, but fails it when {@code CI=true},
     * so that a missing install step in {@code .ci/run} cannot pass silently. Call from {@code @BeforeAll}.
     */
    public static void requireOrSkip() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: install the chromium and chromium-driver packages in the CI image.");
        }
        Assumptions.assumeTrue(present, "Browser test skipped: " + CHROMIUM + " and " + CHROMEDRIVER
                + " are needed (apt-get install chromium chromium-driver).");
    }

    /**
     * Starts a fresh browser with its own profile folder.
     *
     * @param camera  the Y4M file the fake camera plays (looped)
     * @param profile a new, empty folder for the browser profile
     * @param base    the application's base URL
     * @param step    the longest wait of one step
     * @return the browser
     * @throws IOException if the profile folder cannot be made
     */
    public static HeadlessChromium open(Path camera, Path profile, String base, Duration step) throws IOException {
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--window-size=1024,900", "--user-data-dir=" + profile.toAbsolutePath(),
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + camera.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, options), base, step);
    }

    /** @param path a path of the application, e.g. {@code /face-login} */
    public void get(String path) {
        driver.get(base + path);
    }

    /**
     * How often {@link #waitFor} looks again: 100 ms (Selenium's default, 500 ms, added 250 ms on average to every
     * step that waits; each look is one WebDriver call).
     */
    static final Duration POLL = Duration.ofMillis(100);

    /**
     * Waits at most {@link #step}, looking every {@link #POLL}; a timeout names the step, the page and the camera
     * page's status line.
     *
     * @param what      what is awaited, for the message
     * @param condition the condition
     * @param <T>       its value
     * @return the condition's value
     */
    public <T> T waitFor(String what, Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, step, POLL).withMessage(() -> "waiting for " + what + " on "
                + driver.getCurrentUrl() + "; status: " + statusText()).until(d -> lookUnlessReplaced(d, condition));
    }

    /**
     * One look of a wait; a look that loses its element because the page was replaced under it (a navigation
     * between finding an element and reading it) counts as "not yet": Selenium reports that as a stale element, or,
     * when the read lands mid-navigation, as Chromium's inspector error "Node with given id does not belong to the
     * document" (seen once in CI on the face login page's redirect to /account).
     */
    static <T> T lookUnlessReplaced(WebDriver d, Function<? super WebDriver, T> condition) {
        try {
            return condition.apply(d);
        } catch (StaleElementReferenceException e) {
            return null;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return null;
            }
            throw e;
        }
    }

    private String statusText() {
        try {
            String text = driver.findElements(By.id("status")).stream().map(WebElement::getText).findFirst().orElse("-");
            String luma = driver.findElements(By.id("camera")).stream().map(e -> e.getAttribute("data-face-luma"))
                    .filter(v -> v != null).findFirst().orElse(null);
            String alert = driver.findElements(By.id("alert")).stream().filter(WebElement::isDisplayed)
                    .map(WebElement::getText).findFirst().orElse(null);
            return (luma == null ? text : text + " (face luma " + luma + ")") + (alert == null ? "" : "; alert: " + alert);
        } catch (RuntimeException e) {
            return "?";
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
