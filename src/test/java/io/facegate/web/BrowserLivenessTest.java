package io.facegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.facegate.liveness.LivenessRules;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.HeadlessChromium;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.StillAttacks;
import io.facegate.testsupport.Y4mWriter;

/**
 * The face-login page answers real, random liveness challenges in headless Chromium. The page's camera is a
 * test-controlled source: a script replaces {@code getUserMedia} with a canvas {@code captureStream()} that shows
 * the shared head-turn clip's frontal frame and, when the page shows an action, plays the clip's frames of that
 * action at the clip's own 10 fps (as a person reacting to the cue would). Two logins at normal speed and two
 * with the CPU slowed 4× (DevTools {@code Emulation.setCPUThrottlingRate}), each answering its own random cue
 * schedule, must all succeed, and the frame gaps the page sent must meet {@link #checkGaps} (printed). A third
 * try at a speed only when its two answers gave fewer than the 30 gaps {@link #checkGaps} needs (an answer has
 * 17–26 frames with the random cues): there were always three until 2026-12-06, ~15 s of real time each, the
 * third the same per-try assertion once more. A refused
 * try prints what the page sent: per frame its time, the clip frame shown then and the server's pose. One more
 * test keeps Chromium's plain fake camera (a Y4M file) for the capture path. Skipped without Chromium (failing
 * under {@code CI=true}, as {@link BrowserFaceLoginTest}) or without the shared data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"facegate.cleanup.enabled=false", "facegate.password.pbkdf2-iterations=1000",
        "facegate.liveness=active"})
class BrowserLivenessTest {

    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String PASSWORD = "correct horse battery";
    private static final Path ROOT = tempRoot();

    /** Clip frames (10 fps) of each action, from frontal to frontal; the segments of {@code LivenessAttackTest}. */
    private static final Map<String, int[]> SEGMENTS = Map.of(
            "turn_left", range(0, 16), "turn_right", range(16, 32), "look_up", range(30, 46),
            "look_down", range(46, 60));
    /** Where in each segment the extreme pose is (clip frames 8, 24, 40 and 50), held until the page ticks it. */
    private static final Map<String, Integer> PEAKS = Map.of("turn_left", 8, "turn_right", 8, "look_up", 10,
            "look_down", 4);

    /**
     * Installs the controlled camera: arguments are the clip frames 0..60 as JPEG data URLs, the segments by
     * action code, the instructions by action code, a horizontal stretch and the extreme pose's place in each
     * segment (each login stretches differently:
     * the replay memory would otherwise refuse the same frames twice). Also records the frameTimes the page posts
     * in sessionStorage, which survives the redirect to the account page.
     */
    private static final String CAMERA = """
            const [urls, segments, instructions, stretch, peaks, done] = [arguments[0], arguments[1], arguments[2], arguments[3], arguments[4], arguments[arguments.length - 1]];
            const original = window.fetch;
            window.__draws = []; window.__seen = [];
            if (!window.__warnings) { window.__warnings = []; const w = console.warn; console.warn = (...a) => { window.__warnings.push(a.map(String).join(' ')); w(...a); };
              const e = console.error; console.error = (...a) => { window.__warnings.push('E ' + a.map(String).join(' ')); e(...a); };
              window.addEventListener('unhandledrejection', (ev) => window.__warnings.push('R ' + ev.reason + ' ' + (ev.reason && ev.reason.stack)));
              window.addEventListener('error', (ev) => window.__warnings.push('X ' + ev.message)); }
            window.fetch = (url, init) => {
              if (init && init.body instanceof FormData && init.body.has('frameTimes')) {
                sessionStorage.setItem('frameTimes', init.body.get('frameTimes'));
                window.__frames = init.body.getAll('frames');
              }
              if (String(url).includes('/face-login/challenge')) sessionStorage.removeItem('cues');
              const p = original(url, init);
              if (String(url).includes('/face-login/challenge')) {
                p.then((r) => r.clone().json()).then((j) => { window.__challenge = j; window.__t0 = performance.now();
                  sessionStorage.setItem('cues', JSON.stringify(j.cues || null)); });
              }
              return p;
            };
            if (!urls) { done(true); return; }
            Promise.all(urls.map((u) => new Promise((r) => { const i = new Image(); i.onload = () => r(i); i.src = u; })))
              .then((imgs) => {
                const canvas = document.createElement('canvas');
                canvas.width = Math.round(imgs[0].width * stretch);
                canvas.height = imgs[0].height;
                const ctx = canvas.getContext('2d');
                const byText = {};
                Object.keys(instructions).forEach((a) => { byText[instructions[a]] = a; });
                const seen = new Set();
                let playing = null, playingAction = null, since = 0, still = 0, holdFrom = null, released = false;
                const draw = () => {
                  const el = document.getElementById('challenge');
                  const m = /^(\\d)\\/\\d: (.+?) now/.exec(el ? el.textContent : '');
                  if (m && !seen.has(m[1]) && byText[m[2]]) {
                    window.__seen.push([performance.now(), byText[m[2]]]);
                    seen.add(m[1]); playingAction = byText[m[2]]; playing = segments[playingAction]; since = performance.now();
                    holdFrom = null; released = false;
                  }
                  // Without segments (the setup page): separate camera shots of the still face, one every 100 ms.
                  let idx = segments ? still : Math.floor(performance.now() / 100) % imgs.length;
                  if (playing) {
                    // Like a person watching the progress: hold the movement's extreme pose (the middle of the
                    // segment) until the page ticks the action, at most 1.5 s, then come back.
                    const now = performance.now();
                    const half = peaks[playingAction];
                    let k = Math.floor((now - since) / 100);
                    if (k >= half && holdFrom === null) holdFrom = now;
                    if (holdFrom !== null && !released) {
                      if ((el && el.textContent.includes('✓ ' + instructions[playingAction])) || now - holdFrom > 1500) {
                        released = true; since += now - holdFrom;
                      }
                      k = Math.min(k, half);
                    }
                    if (holdFrom !== null && released) k = Math.floor((now - since) / 100);
                    if (k < playing.length) { idx = playing[k]; } else { still = playing[playing.length - 1]; playing = null; idx = still; }
                  }
                  ctx.drawImage(imgs[idx], 0, 0, canvas.width, canvas.height);
                  const dl = window.__draws;
                  if (!dl.length || dl[dl.length - 1][1] !== idx) dl.push([performance.now(), idx]);
                };
                draw();
                setInterval(draw, 30);
                const stream = canvas.captureStream(30);
                navigator.mediaDevices.getUserMedia = async () => stream;
                done(true);
              });
            """;

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

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

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).toArray();
    }

    @Test
    void theChallengePageLogsInALiveHeadTurnAtNormalSpeedAndWithTheCpuSlowedFourTimes() throws Exception {
        LivenessClips.assumePresent();
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            urls.add("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(StillAttacks.jpeg(clip.get(i), 0.9f)));
        }
        Map<String, String> instructions = Map.of("turn_left", "Turn your head to your left",
                "turn_right", "Turn your head to your right", "look_up", "Look up", "look_down", "Look down");
        Path camera = temp.resolve("still.y4m");
        Y4mWriter.write(List.of(clip.get(0)), 10, camera);
        String name = "live" + Long.toString(System.nanoTime() % 100000, 36);
        // The same clip frames twice are a replay, which the server refuses (LivenessAttackTest): before each
        // try the replay memory is emptied, as if the same person came back a day later. Each try also stretches
        // the picture differently.
        double[] stretches = {1.0, 1.1, 0.92, 1.05, 0.96, 1.15};
        try (HeadlessChromium b = open(camera)) {
            JavascriptExecutor js = (JavascriptExecutor) b.driver();
            b.get("/register");
            b.driver().findElement(By.name("username")).sendKeys(name);
            b.driver().findElement(By.name("password")).sendKeys(PASSWORD);
            b.driver().findElement(By.cssSelector("form[action='/register'] button[type=submit]")).click();
            b.waitFor("the Face ID setup page", ExpectedConditions.urlMatches("/setupfaceid$"));
            // Face ID setup from separate shots of the frontal face (sensor noise of their own): one picture sent
            // three times is refused, and the answers' clip frames are then never a stored label image. The shots
            // cycle every 100 ms: 60 of them (a 6 s cycle) so that the setup page's pictures, taken 1.5 s apart
            // for its slight-turn prompts, never fall a whole cycle apart (8 shots did at a 1.6 s gap).
            List<String> shots = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                shots.add("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(
                        StillAttacks.jpeg(FaceSamples.shot(clip.get(0), i + 1), 0.9f)));
            }
            js.executeAsyncScript(CAMERA, shots, null, instructions, 1.0, PEAKS);
            b.driver().findElement(By.id("consent-box")).click();
            startCameraAndCapture(b);
            b.waitFor("the setup success message", ExpectedConditions.elementToBeClickable(By.id("continue"))).click();
            b.waitFor("the account page after Face ID setup", ExpectedConditions.urlMatches("/account$"));
            logOut(b);

            List<Long> gaps = new ArrayList<>();
            List<Long> slowGaps = new ArrayList<>();
            List<String> outcomes = new ArrayList<>();
            java.util.Set<String> schedules = new java.util.HashSet<>();
            // Per speed two tries, a third only when those two gave fewer than the 30 gaps checkGaps needs (short
            // cue schedules: ~17 frames an answer).
            int attempt = -1;
            for (int tried = 0; tried < stretches.length; tried++) {
                boolean slow = tried >= 3;
                if (tried % 3 == 2 && (slow ? slowGaps : gaps).size() >= 30) {
                    continue;
                }
                attempt++;
                String speed = slow ? "CPU 4x slower" : "normal speed";
                jdbc.update("DELETE FROM liveness_answers");
                ((ChromeDriver) b.driver()).executeCdpCommand("Emulation.setCPUThrottlingRate",
                        Map.of("rate", slow ? 4 : 1));
                b.get("/face-login");
                js.executeAsyncScript(CAMERA, urls, SEGMENTS, instructions, stretches[tried], PEAKS);
                startCameraAndCapture(b);
                String guideBy = (String) js.executeScript("return document.getElementById('camera').dataset.guideBy");
                String outcome = b.waitFor("the answer to the face check (try " + (attempt + 1) + ", " + speed + ")",
                        d -> outcome(d));
                String cues = (String) js.executeScript("return sessionStorage.getItem('cues')");
                schedules.add(cues);
                System.out.printf("Browser liveness try %d (%s, stretch %.2f, guide by %s, cues %s): %s%n",
                        attempt + 1, speed, stretches[tried], guideBy, cues, outcome);
                outcomes.add(speed + ": " + outcome);
                assertThat(guideBy).as("the face guide ran in its worker").isEqualTo("worker");
                if (!outcome.equals("logged in")) {
                    diagnose(js);
                    continue;
                }
                assertThat(b.driver().findElement(By.tagName("h1")).getText()).isEqualTo(name);
                long[] times = parse((String) js.executeScript("return sessionStorage.getItem('frameTimes')"));
                for (int i = 1; i < times.length; i++) {
                    assertThat(times[i]).isGreaterThan(times[i - 1]);
                    (slow ? slowGaps : gaps).add(times[i] - times[i - 1]);
                }
                System.out.printf("Browser liveness try %d: %d frames over %d ms%n", attempt + 1, times.length,
                        times[times.length - 1] - times[0]);
                logOut(b);
            }
            ((ChromeDriver) b.driver()).executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", 1));
            report("normal speed", gaps);
            report("CPU 4x slower", slowGaps);
            assertThat(outcomes).as("every try logs in, 2 or 3 at normal speed and 2 or 3 with the CPU slowed 4x")
                    .allMatch(o -> o.endsWith(": logged in"))
                    .filteredOn(o -> o.startsWith("normal speed")).hasSizeBetween(2, 3);
            assertThat(outcomes).filteredOn(o -> o.startsWith("CPU 4x slower")).hasSizeBetween(2, 3);
            assertThat(schedules).as("each try answered a cue schedule of its own").hasSize(outcomes.size());
            checkGaps("normal speed", gaps);
            checkGaps("CPU 4x slower", slowGaps);
        }
    }

    /**
     * The frame gaps of a capture on the camera's clock with the face guide in its worker: the page aims at one
     * frame per {@link LivenessRules#intervalMs()} (250 ms). Bounds: no gap below 210 ms, median ≤ 350 ms, 90th
     * percentile ≤ 500 ms, largest ≤ 1,000 ms. Measured with the worker, machine under load 15–20: normal speed
     * p50 ≈ 270 / p90 ≈ 330 / max ≈ 450 ms; 4× slower p50 ≈ 290 / p90 ≈ 390 / max ≈ 710 ms. The earlier page,
     * whose overlay inference ran on the main thread between frames, gave at 4× p90 594–645 ms and up to 2,651 ms
     * on the same machine: it fails the p90 and max bounds.
     */
    private static void checkGaps(String label, List<Long> gaps) {
        long[] sorted = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(sorted.length).as(label + ": gaps measured").isGreaterThanOrEqualTo(30);
        assertThat(sorted[0]).as(label + ": smallest gap, ms").isGreaterThanOrEqualTo(LivenessRules.DEFAULT.intervalMs() - 40);
        assertThat(sorted[sorted.length / 2]).as(label + ": median gap, ms").isLessThanOrEqualTo(350);
        assertThat(sorted[(int) (sorted.length * 0.9)]).as(label + ": 90th percentile gap, ms").isLessThanOrEqualTo(500);
        assertThat(sorted[sorted.length - 1]).as(label + ": largest gap, ms").isLessThanOrEqualTo(1000);
    }

    @Test
    void withThePlainFakeCameraThePageSendsTimedFramesAndShowsTheServersRefusal() throws Exception {
        LivenessClips.assumePresent();
        // Chromium's fake camera plays a file in a loop: a still face cannot follow random cues, so the server
        // refuses it (a picture, no head movement); the capture path (requestVideoFrameCallback, frameTimes) is real.
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        Path camera = temp.resolve("still.y4m");
        Y4mWriter.write(List.of(clip.get(0)), 10, camera);
        try (HeadlessChromium b = open(camera)) {
            JavascriptExecutor js = (JavascriptExecutor) b.driver();
            b.get("/face-login");
            js.executeAsyncScript(CAMERA, null, null, null, 1.0, null);
            startCameraAndCapture(b);
            b.waitFor("the server's refusal", ExpectedConditions.textToBePresentInElementLocated(By.id("alert"),
                    "No head movement was seen"));
            long[] times = parse((String) js.executeScript("return sessionStorage.getItem('frameTimes')"));
            assertThat(times.length).isBetween(LivenessRules.DEFAULT.minFrames(), LivenessRules.DEFAULT.maxFrames());
            for (int i = 1; i < times.length; i++) {
                assertThat(times[i] - times[i - 1]).isBetween(200L, 1000L);
            }
            assertThat(times[0]).isNotNegative();
        }
    }

    /**
     * @return "logged in" on the account page, "refused: …" with the page's alert once it shows one, else null
     *         (still working; a page replaced under the lookup also counts as still working)
     */
    private static String outcome(org.openqa.selenium.WebDriver d) {
        try {
            if (d.getCurrentUrl().endsWith("/account")) {
                return "logged in";
            }
            String alert = d.findElement(By.id("alert")).getText();
            return alert.isBlank() ? null : "refused: " + alert;
        } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
            return null;
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.facegate.face.FrameAnalyzer analyzer;

    private static final String DUMP = """
            const done = arguments[arguments.length - 1];
            Promise.all((window.__frames || []).map((b) => new Promise((r) => { const f = new FileReader(); f.onload = () => r(f.result.split(',')[1]); f.readAsDataURL(b); })))
              .then((frames) => done(JSON.stringify({frames, challenge: window.__challenge, t0: window.__t0, draws: window.__draws, seen: window.__seen, times: sessionStorage.getItem('frameTimes')})));
            """;

    private void diagnose(JavascriptExecutor js) throws Exception {
        String json = (String) js.executeAsyncScript(DUMP);
        tools.jackson.databind.JsonNode n = new tools.jackson.databind.ObjectMapper().readTree(json);
        double t0 = n.get("t0").asDouble();
        System.out.println("challenge " + n.get("challenge").get("cues") + " seen " + n.get("seen"));
        long[] times = parse(n.get("times").asString());
        tools.jackson.databind.JsonNode draws = n.get("draws");
        for (int i = 0; i < times.length; i++) {
            byte[] jpeg = Base64.getDecoder().decode(n.get("frames").get(i).asString());
            var r = analyzer.analyze(jpeg);
            int idx = -1;
            double drawnAt = 0;
            for (tools.jackson.databind.JsonNode d : draws) {
                if (d.get(0).asDouble() - t0 <= times[i]) { idx = d.get(1).asInt(); drawnAt = d.get(0).asDouble() - t0; }
            }
            String pose = r instanceof io.facegate.face.FrameAnalyzer.Accepted a
                    ? io.facegate.face.pose.HeadPoseEstimator.estimate(a.face().landmarks()) + " " + a.face().detection().box()
                    : r.toString();
            System.out.printf("  frame %2d t=%5d drawn clip %2d at %6.0f  %s%n", i, times[i], idx, drawnAt, pose);
        }
    }

    private static long[] parse(String json) {
        assertThat(json).as("the frameTimes the page posted").isNotNull().startsWith("[");
        String body = json.substring(1, json.length() - 1);
        return Arrays.stream(body.split(",")).map(String::strip).mapToLong(Long::parseLong).toArray();
    }

    private static void report(String label, List<Long> gaps) {
        if (gaps.isEmpty()) {
            return;
        }
        long[] sorted = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("Frame gaps at %s: n=%d min=%d p50=%d p90=%d max=%d ms%n", label, sorted.length, sorted[0],
                sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)], sorted[sorted.length - 1]);
    }

    private static void logOut(HeadlessChromium b) {
        b.driver().findElement(By.cssSelector("form[action='/logout'] button")).click();
        b.waitFor("the home page after logging out", ExpectedConditions.urlMatches("/\\?logout$"));
    }

    private static void startCameraAndCapture(HeadlessChromium browser) {
        browser.waitFor("Start camera to be enabled", ExpectedConditions.elementToBeClickable(By.id("start"))).click();
        try {
            browser.waitFor("Capture to be enabled", ExpectedConditions.elementToBeClickable(By.id("capture"))).click();
        } catch (org.openqa.selenium.TimeoutException e) {
            System.out.println("Page warnings, guide, status, page time: " + ((JavascriptExecutor) browser.driver()).executeScript("return [window.__warnings, document.getElementById('camera').dataset.guideBy, document.getElementById('status').textContent, performance.now()]"));
            throw e;
        }
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
