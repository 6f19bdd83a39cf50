package io.facegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.HeadlessChromium;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.Y4mWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Bytes a real browser transfers for {@code /face-login} including what "Start camera" loads (face-api.js, its
 * wasm, the two small networks), summed from the page's Resource Timing entries ({@code transferSize}: headers and
 * compressed body; 0 for a file taken from the cache): at most {@value #FIRST_VISIT_BYTES} bytes on a first visit
 * and {@value #SECOND_VISIT_BYTES} on a second one in the same browser; and that the page's face guide keeps a face
 * that fills a portrait picture. Skipped without Chromium (failing under {@code CI=true}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"facegate.cleanup.enabled=false", "facegate.liveness=active"})
class BrowserPageWeightTest {

    /** Goal of issue 13 for a first visit: 900 KB. */
    static final long FIRST_VISIT_BYTES = 900 * 1024;
    /** Goal for a second visit: 30 KB. */
    static final long SECOND_VISIT_BYTES = 30 * 1024;

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

    @BeforeAll
    static void needsChromium() {
        HeadlessChromium.requireOrSkip();
    }

    @Test
    void theFaceLoginPageLoadsOnceAndSmall() throws Exception {
        Path camera = temp.resolve("face.y4m");
        Y4mWriter.write(List.of(FaceSamples.distinctPeople(1, 0.8).get(0).frame()), 30, camera);
        try (HeadlessChromium b = HeadlessChromium.open(camera, temp.resolve("profile"), "http://127.0.0.1:" + port,
                Duration.ofSeconds(60))) {
            long first = visit(b);
            long second = visit(b);
            System.out.printf("/face-login with the camera started: first visit %d bytes, second visit %d bytes%n",
                    first, second);
            assertThat(first).as("first visit, bytes").isLessThanOrEqualTo(FIRST_VISIT_BYTES);
            assertThat(second).as("second visit, bytes").isLessThanOrEqualTo(SECOND_VISIT_BYTES);
        }
    }

    /**
     * Opens the page, starts the camera, waits for the overlay's first result, and sums the bytes transferred by
     * the page and by the face guide's worker.
     */
    private static long visit(HeadlessChromium b) {
        b.get("/face-login");
        b.driver().findElement(By.id("start")).click();
        b.waitFor("the overlay's first result", ExpectedConditions.attributeToBeNotEmpty(
                b.driver().findElement(By.id("overlay")), "data-faces"));
        Object sum = ((JavascriptExecutor) b.driver()).executeScript("""
                const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
                // the face guide's worker fetches face-api.js, the wasm backend and the models in its own timeline
                return entries.reduce((n, e) => n + (e.transferSize || 0), 0)
                  + Number(document.getElementById('overlay').dataset.workerBytes);
                """);
        return ((Number) sum).longValue();
    }

    /**
     * The page's face guide (the worker's tiny face detector) keeps a face that fills most of a portrait picture, as
     * a phone held close gives: the shared blink clip (480×854, the face about 60 % of the width) as the fake camera.
     * A tester saw the guide lose that face every 1–3 s ("No face in view", the Log in button taken away) while the
     * server accepted every frame. Counted from the overlay's face count, sampled every 250 ms for 8 s after the
     * guide's first result. Skipped without the shared data. (In this class to share its application context.)
     */
    @Test
    void theGuideKeepsAFaceThatFillsAPortraitPicture() throws Exception {
        LivenessClips.assumePresent();
        List<BufferedImage> frames = new ArrayList<>(LivenessClips.blink(10, 80));
        assertThat(frames.get(0).getWidth()).as("a portrait clip").isLessThan(frames.get(0).getHeight());
        Path camera = temp.resolve("close.y4m");
        Y4mWriter.write(frames, 10, camera);
        try (HeadlessChromium browser = HeadlessChromium.open(camera, temp.resolve("profile-close"),
                "http://127.0.0.1:" + port, Duration.ofSeconds(60))) {
            browser.get("/face-login");
            browser.waitFor("Start camera to be enabled", ExpectedConditions.elementToBeClickable(By.id("start"))).click();
            browser.waitFor("the guide's first result", d -> d.findElement(By.id("overlay")).getDomAttribute("data-faces") != null);
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            int samples = 0;
            int oneFace = 0;
            for (long end = System.nanoTime() + 8_000_000_000L; System.nanoTime() < end; samples++) {
                Object faces = js.executeScript("return document.getElementById('overlay').dataset.faces;");
                if ("1".equals(faces)) {
                    oneFace++;
                }
                Thread.sleep(250);
            }
            System.out.printf("Face guide, close portrait face: one face in %d of %d samples%n", oneFace, samples);
            assertThat(oneFace).as("samples showing the one face, of %d", samples).isGreaterThanOrEqualTo(samples * 9 / 10);
        }
    }

    private static Path tempRoot() {
        try {
            return Files.createTempDirectory("facegate-browser-weight-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
