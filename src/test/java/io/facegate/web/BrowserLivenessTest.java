package io.facegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.facegate.login.liveness.ChallengeAction;
import io.facegate.login.liveness.ChallengeService;
import io.facegate.login.liveness.LivenessRules;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.HeadlessChromium;
import io.facegate.testsupport.Y4mWriter;

/**
 * The face-login page answers the liveness challenge in headless Chromium whose fake camera plays the shared
 * head-turn clip (enlarged ×2): 3.5 s facing the camera, the turn to the left and to the right (3.3 s), then
 * facing the camera again. The server's challenge generator is the real one, seeded so that the first challenge
 * asks for exactly what the clip does (turn left, then right), because a fake camera cannot follow instructions.
 * Skipped without Chromium (failing under {@code CI=true}, as {@link BrowserFaceLoginTest}) or without the
 * shared data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"facegate.cleanup.enabled=false", "facegate.password.pbkdf2-iterations=1000",
        "facegate.liveness=active"})
@Import(BrowserLivenessTest.LeftThenRight.class)
class BrowserLivenessTest {

    private static final Duration STEP = Duration.ofSeconds(40);
    private static final String PASSWORD = "correct horse battery";
    private static final Path ROOT = tempRoot();

    @LocalServerPort
    int port;

    @TempDir
    Path temp;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("facegate.database-url", () -> "sqlite:///" + ROOT.resolve("facegate.db"));
        registry.add("facegate.labels-dir", () -> ROOT.resolve("labels").toString());
    }

    /** The real challenge service, with a seeded generator whose first challenge is turn left, turn right. */
    @TestConfiguration(proxyBeanMethods = false)
    static class LeftThenRight {
        @Bean
        @Primary
        ChallengeService leftThenRightFirst(Clock clock, LivenessRules rules) {
            List<ChallengeAction> wanted = List.of(ChallengeAction.TURN_LEFT, ChallengeAction.TURN_RIGHT);
            for (long seed = 0; seed < 10_000; seed++) {
                if (new ChallengeService(clock, new Random(seed), rules).issue(new MockHttpSession()).actions()
                        .equals(wanted)) {
                    return new ChallengeService(clock, new Random(seed), rules);
                }
            }
            throw new IllegalStateException("no seed gives " + wanted);
        }
    }

    @BeforeAll
    static void needsChromium() {
        HeadlessChromium.requireOrSkip();
    }

    @Test
    void theChallengePageLogsInALiveHeadTurn() throws Exception {
        LivenessClips.assumePresent();
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        List<BufferedImage> video = new ArrayList<>();
        for (int i = 0; i < 35; i++) {
            video.add(clip.get(0));
        }
        video.addAll(clip.subList(0, 33));
        for (int i = 0; i < 40; i++) {
            video.add(clip.get(32));
        }
        // Every frame with its own sensor noise, as a camera gives it: the still lead-in is separate pictures for
        // Face ID setup, and an answer's frames are never the setup's label images.
        for (int i = 0; i < video.size(); i++) {
            video.set(i, FaceSamples.shot(video.get(i), i));
        }
        Path camera = temp.resolve("headturn.y4m");
        Y4mWriter.write(video, 10, camera);
        String name = "live" + Long.toString(System.nanoTime() % 100000, 36);
        try (HeadlessChromium b = open(camera)) {
            b.get("/register");
            b.driver().findElement(By.name("username")).sendKeys(name);
            b.driver().findElement(By.name("password")).sendKeys(PASSWORD);
            b.driver().findElement(By.cssSelector("form[action='/register'] button[type=submit]")).click();
            b.waitFor("the Face ID setup page", ExpectedConditions.urlMatches("/setupfaceid$"));
            b.driver().findElement(By.id("consent-box")).click();
            startCameraAndCapture(b);
            b.waitFor("the setup success message", ExpectedConditions.elementToBeClickable(By.id("continue"))).click();
            b.waitFor("the account page after Face ID setup", ExpectedConditions.urlMatches("/account$"));
            b.driver().findElement(By.cssSelector("form[action='/logout'] button")).click();
            b.waitFor("the home page after logging out", ExpectedConditions.urlMatches("/\\?logout$"));

            b.get("/face-login");
            startCameraAndCapture(b);
            b.waitFor("the first instruction", ExpectedConditions.textToBePresentInElementLocated(By.id("challenge"),
                    "Turn your head to your left"));
            b.waitFor("the account page after the face check", ExpectedConditions.urlMatches("/account$"));
            assertThat(b.driver().findElement(By.tagName("h1")).getText()).isEqualTo(name);
        }
    }

    private static void startCameraAndCapture(HeadlessChromium browser) {
        browser.waitFor("Start camera to be enabled", ExpectedConditions.elementToBeClickable(By.id("start"))).click();
        browser.waitFor("Capture to be enabled", ExpectedConditions.elementToBeClickable(By.id("capture"))).click();
    }

    private HeadlessChromium open(Path camera) throws IOException {
        return HeadlessChromium.open(camera, temp.resolve("profile"), "http://127.0.0.1:" + port, STEP);
    }

    private static Path tempRoot() {
        try {
            return Files.createTempDirectory("facegate-browser-liveness-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
