package io.facegate.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.facegate.liveness.LivenessGate;
import io.facegate.liveness.LivenessRules;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.StillAttacks;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

/**
 * The detector work a faceless frame may cost, counted with the engine's run counter (not timed): a challenge
 * answer of grey frames sent by a script is refused after at most {@code 2n + 6 × }{@link LivenessGate#FALLBACK_FRAMES}
 * detector runs; without the budget each faceless frame costs 8. The genuine head-turn clip needs the fallbacks on
 * fewer frames than the budget allows, so the budget takes no face from a real user.
 */
class DetectorBudgetTest extends WebTestBase {

    @Autowired
    FaceEngine engine;
    @Autowired
    FrameAnalyzer analyzer;
    @Autowired
    LivenessRules rules;

    private static byte[] grey(int level) {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(level, level, level));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        return FaceSamples.encode(image, "jpg");
    }

    @Test
    void aFacelessFrameCostsEightRunsWithoutBudgetAndTwoOnceTheBudgetIsSpent() {
        byte[] frame = grey(128);
        long before = engine.detectorRuns();
        analyzer.analyze(frame);
        assertThat(engine.detectorRuns() - before).isEqualTo(DetectorBudget.FIRST_LOOK + DetectorBudget.FALLBACK_RUNS);

        DetectorBudget budget = DetectorBudget.fallbacksFor(1);
        before = engine.detectorRuns();
        analyzer.analyze(frame, budget);
        assertThat(engine.detectorRuns() - before).as("first faceless frame: every fallback").isEqualTo(8);
        before = engine.detectorRuns();
        assertThat(analyzer.analyze(frame, budget)).isInstanceOf(FrameAnalyzer.Rejected.class);
        assertThat(engine.detectorRuns() - before).as("budget spent: first look only").isEqualTo(2);
    }

    @Test
    void aFacelessChallengeAnswerIsRefusedAfterTheStatedNumberOfRuns() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String body = mvc.perform(post("/face-login/challenge").session(session).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String nonce = JsonPath.read(body, "$.nonce");
        int n = rules.maxFrames();
        MockMultipartHttpServletRequestBuilder answer = multipart("/face-login");
        StringBuilder times = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            answer.file(new MockMultipartFile("frames", "f" + i + ".jpg", "image/jpeg", grey(100 + i)));
            // 20 ms apart: the whole answer spans less than the time since the challenge was issued plus 1 s
            times.append(i == 0 ? "" : ",").append(i * 20);
        }
        answer.param("frameTimes", times.append(']').toString());
        long before = engine.detectorRuns();
        long started = System.nanoTime();
        mvc.perform(answer.param("nonce", nonce).session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableContent())
                // refused for want of faces (LivenessGate's early stop), not for any other reason
                .andExpect(jsonPath("$.error").value("not_enough_face_frames"));
        long runs = engine.detectorRuns() - before;
        long ms = (System.nanoTime() - started) / 1_000_000;
        long budget = (long) DetectorBudget.FIRST_LOOK * n
                + (long) DetectorBudget.FALLBACK_RUNS * LivenessGate.FALLBACK_FRAMES;
        System.out.printf("Faceless answer of %d frames: %d detector runs (budget %d, unbounded %d), %d ms%n",
                n, runs, budget, 8L * n, ms);
        assertThat(runs).isLessThanOrEqualTo(budget).isLessThan(8L * n);
        // The answer is given up once more than a third of its frames show no face (LivenessGate's early stop).
        long earlyStop = (long) DetectorBudget.FIRST_LOOK * (n / 3 + 1)
                + (long) DetectorBudget.FALLBACK_RUNS * LivenessGate.FALLBACK_FRAMES;
        assertThat(runs).as("runs before the early stop").isLessThanOrEqualTo(earlyStop);
    }

    @Test
    void theGenuineClipNeedsTheFallbacksOnFewerFramesThanTheBudgetAllows() {
        LivenessClips.assumePresent();
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        int needingFallback = 0;
        for (int i = 0; i < clip.size(); i += 2) {
            long before = engine.detectorRuns();
            analyzer.analyze(StillAttacks.jpeg(clip.get(i), 0.9f));
            if (engine.detectorRuns() - before > DetectorBudget.FIRST_LOOK) {
                needingFallback++;
            }
        }
        System.out.printf("Head-turn clip: %d of %d frames needed a fallback%n", needingFallback, (clip.size() + 1) / 2);
        assertThat(needingFallback).isLessThanOrEqualTo(LivenessGate.FALLBACK_FRAMES);
    }
}
