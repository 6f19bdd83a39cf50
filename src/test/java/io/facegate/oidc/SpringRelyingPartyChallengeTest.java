package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.liveness.GenuineChallengeAnswers;
import io.facegate.testsupport.HeadlessChromium;
import io.facegate.testsupport.LivenessClips;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Spring Boot site of {@link SpringRelyingPartyTest} with the liveness challenge on: in headless Chromium the
 * login page asks FaceGate for a challenge and answers it with the shared head-turn clip performing the asked
 * actions on their cues ({@link GenuineChallengeAnswers}, the genuine answer of the liveness tests; the app's clock
 * is advanced past the last frame's time as a camera's would have passed). The site's validated ID token says
 * {@code amr=["face"]}, {@code acr=face-liveness}; then userinfo, refresh and logout. Skipped without the shared clip.
 */
@TestPropertySource(properties = "facegate.liveness=active")
class SpringRelyingPartyChallengeTest extends SpringSiteTestBase {

    /** Asks for a challenge from the page, as camera.js does; answers "status body". */
    private static final String CHALLENGE = """
            const done = arguments[arguments.length - 1];
            fetch('/api/csrf').then(r => r.json()).then(c => fetch('/face-login/challenge', {method: 'POST',
                headers: {'X-CSRF-TOKEN': c.token, Accept: 'application/json'}}))
              .then(r => r.text().then(t => done(r.status + ' ' + t))).catch(e => done('0 ' + e));""";

    /** Posts the answer from the page (nonce, frameTimes, JPEG frames given as base64); answers "status body". */
    private static final String ANSWER = """
            const [nonce, times, frames, done] = arguments;
            const form = new FormData();
            form.append('nonce', nonce);
            form.append('frameTimes', times);
            frames.forEach((b, i) => form.append('frames',
                new Blob([Uint8Array.from(atob(b), ch => ch.charCodeAt(0))], {type: 'image/jpeg'}), 'frame' + i + '.jpg'));
            fetch('/api/csrf').then(r => r.json()).then(c => fetch('/face-login', {method: 'POST', body: form,
                headers: {'X-CSRF-TOKEN': c.token, Accept: 'application/json'}}))
              .then(r => r.text().then(t => done(r.status + ' ' + t))).catch(e => done('0 ' + e));""";

    @BeforeAll
    static void needsTheClip() {
        LivenessClips.assumePresent();
    }

    @Override
    HeadlessChromium openBrowser(Path folder, String issuer) throws IOException {
        // The frames are sent by the page's script; the camera is not used.
        HeadlessChromium b = HeadlessChromium.open(folder.resolve("no-camera.y4m"), folder.resolve("profile"),
                issuer, Duration.ofSeconds(60));
        // The answer's analysis takes seconds, more under load: the page's fetch may wait that long.
        b.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
        return b;
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void faceLoginWithTheLivenessChallenge() throws Exception {
        String name = enrolledAccount(GenuineChallengeAnswers.setupFrames());
        Instant before = Instant.now();
        JsonNode me = site.signIn(browser, this::answerTheChallenge);
        SpringSite.assertLogin(me, issuer(), subjectOf(name), name, List.of("face"), "urn:facegate:acr:face-liveness",
                before, clock.instant());
        site.refreshAndSignOut(browser, me);
    }

    private void answerTheChallenge(HeadlessChromium b) {
        JavascriptExecutor js = (JavascriptExecutor) b.driver();
        String issued = String.valueOf(js.executeAsyncScript(CHALLENGE));
        assertThat(issued).as("POST /face-login/challenge").startsWith("200 ");
        JsonNode challenge = json.readTree(issued.substring(4));
        List<String> actions = challenge.get("actions").valueStream().map(JsonNode::asString).toList();
        List<Long> cues = challenge.get("cues").valueStream().map(c -> c.get("atMs").asLong()).toList();
        GenuineChallengeAnswers.Answer answer = GenuineChallengeAnswers.answer(challenge.get("nonce").asString(),
                actions, cues);
        // A camera sends its frames once the last one is filmed: the app's clock passes that time (+150 ms upload).
        clock.advance(Duration.ofMillis(answer.times()[answer.times().length - 1] + 150));
        List<String> frames = new ArrayList<>();
        answer.frames().forEach(f -> frames.add(Base64.getEncoder().encodeToString(f)));
        String result = String.valueOf(js.executeAsyncScript(ANSWER, challenge.get("nonce").asString(),
                Arrays.toString(answer.times()), frames));
        assertThat(result).as("POST /face-login with the answer to " + actions).startsWith("200 ");
        // The page goes where the app says: the site's saved authorization request.
        String next = json.readTree(result.substring(4)).get("redirect").asString();
        assertThat(next).contains("/oauth2/authorize?");
        b.driver().get(next.startsWith("/") ? b.base() + next : next);
    }
}
