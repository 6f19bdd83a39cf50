package io.facegate.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.facegate.account.FaceTemplateStore;
import io.facegate.account.LabelStore;
import io.facegate.face.AnalysisOptions;
import io.facegate.face.Box;
import io.facegate.face.DetectorKind;
import io.facegate.face.FaceEngine;
import io.facegate.face.pose.HeadPoseEstimator;
import io.facegate.storedimage.StoredImages;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.StillAttacks;
import io.facegate.testsupport.TestImages;

/**
 * The liveness challenge through HTTP, on the shared head-turn clip (enlarged ×2 so faces are ~210 px wide, one
 * frame in two: 5 fps): a genuine answer logs in; presentation attacks made from its frames are refused with a
 * reason code. Skipped with a message when the shared data is absent.
 */
class LivenessAttackTest extends WebTestBase {

    /** Clip frames (step 2) that perform each action from a roughly frontal start and come back. */
    static final Map<ChallengeAction, int[]> SEGMENTS = Map.of(
            ChallengeAction.TURN_LEFT, range(0, 16),
            ChallengeAction.TURN_RIGHT, range(16, 32),
            ChallengeAction.LOOK_UP, range(30, 46),
            ChallengeAction.LOOK_DOWN, range(46, 60));

    private static List<BufferedImage> clip;
    private static final Map<Integer, byte[]> JPEGS = new HashMap<>();

    @Autowired
    FaceEngine engine;
    @Autowired
    FaceTemplateStore templates;
    @Autowired
    LabelStore labels;

    @Autowired
    LivenessGate gate;

    @BeforeEach
    void needsTheClip() {
        LivenessClips.assumePresent();
    }

    @BeforeAll
    static void decodeClipOnce() {
        if (!LivenessClips.present()) {
            return;
        }
        clip = LivenessClips.headTurn(2);
    }

    @AfterEach
    void reset() {
        removeEveryFaceId();
        clock.reset();
    }

    static int[] range(int from, int to) {
        int[] out = new int[(to - from) / 2 + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + 2 * i;
        }
        return out;
    }

    /** Clip frame i as a JPEG from a browser canvas (quality 0.9), encoded once. */
    static byte[] frame(int i) {
        return JPEGS.computeIfAbsent(i, k -> StillAttacks.jpeg(clip.get(k), 0.9f));
    }

    /** The clip frames that perform the actions one after the other. */
    static List<byte[]> perform(List<ChallengeAction> actions) {
        List<byte[]> frames = new ArrayList<>();
        for (ChallengeAction a : actions) {
            for (int i : SEGMENTS.get(a)) {
                frames.add(frame(i));
            }
        }
        return frames;
    }

    /**
     * Setup frame i: clip frame i as the camera gave it at setup, another capture of that moment than the answers'
     * {@link #frame} (sensor noise, {@link FaceSamples#shot}), PNG.
     */
    static byte[] setupFrame(int i) {
        return FaceSamples.encode(FaceSamples.shot(clip.get(i), i), "png");
    }

    /**
     * Registers a user and enrolls the clip's person from three frontal frames that no answer uses (odd frames; the
     * answers use even ones): setup and login are other moments, as for a real user (a login frame of the very
     * moment of a setup frame is a near-duplicate of its label image, {@code stored_image}).
     */
    /**
     * Clip frames the account is set up from: odd or apart from the frames the answers use, so that no answer
     * carries a near-copy of a label image (which the stored-image check refuses).
     */
    static final int[] SETUP_FRAMES = {1, 15, 17};

    private String enrolledClipUser() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        mvc.perform(multipart("/setupfaceid")
                        .file(new MockMultipartFile("frames", "f0.png", "image/png", setupFrame(SETUP_FRAMES[0])))
                        .file(new MockMultipartFile("frames", "f1.png", "image/png", setupFrame(SETUP_FRAMES[1])))
                        .file(new MockMultipartFile("frames", "f2.png", "image/png", setupFrame(SETUP_FRAMES[2])))
                        .param("consent", "true").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated());
        return name;
    }

    record Issued(String nonce, List<ChallengeAction> actions, List<Long> cues) {
    }

    /** Frames with their capture times (ms since the challenge was issued), as the multipart answer carries them. */
    record Timed(List<byte[]> frames, long[] times) {
    }

    /** Frames as a recording plays them: one every {@code gapMs}, from {@code startMs}, whatever the cues. */
    static Timed recorded(List<byte[]> frames, long startMs, long gapMs) {
        long[] times = new long[frames.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = startMs + i * gapMs;
        }
        return new Timed(frames, times);
    }

    /**
     * A genuine answer: the head holds still (the clip's frontal frame every 250 ms) until {@code reactionMs} after
     * each cue, then performs that action as the clip does (its frames step 2 are 200 ms apart in real time).
     */
    static Timed onCues(Issued c, long reactionMs) {
        return onCues(c, reactionMs, 250);
    }

    /** {@link #onCues(Issued, long)} with the still frames {@code stillGapMs} apart. */
    static Timed onCues(Issued c, long reactionMs, long stillGapMs) {
        List<byte[]> frames = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        long now = 100;
        byte[] still = frame(0);
        for (int k = 0; k < c.actions().size(); k++) {
            long start = c.cues().get(k) + reactionMs;
            for (; now < start; now += stillGapMs) {
                frames.add(still);
                times.add(now);
            }
            now = Math.max(now, start);
            int[] segment = SEGMENTS.get(c.actions().get(k));
            for (int i : segment) {
                frames.add(frame(i));
                times.add(now);
                now += 200;
            }
            still = frame(segment[segment.length - 1]);
        }
        return new Timed(frames, times.stream().mapToLong(Long::longValue).toArray());
    }

    /** Asks for challenges in this session until one has the wanted actions (any when null). */
    private Issued challenge(MockHttpSession session, List<ChallengeAction> wanted) throws Exception {
        for (int attempt = 0; attempt < 500; attempt++) {
            String body = mvc.perform(post("/face-login/challenge").session(session).with(csrf())
                            .accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            List<String> codes = JsonPath.read(body, "$.actions");
            List<ChallengeAction> actions = codes.stream()
                    .map(c -> ChallengeAction.valueOf(c.toUpperCase())).toList();
            List<Number> cues = JsonPath.read(body, "$.cues[*].atMs");
            if (wanted == null || wanted.equals(actions)) {
                return new Issued(JsonPath.read(body, "$.nonce"), actions,
                        cues.stream().map(Number::longValue).toList());
            }
        }
        throw new AssertionError("no challenge " + wanted + " in 500 tries");
    }

    /** Answers with the frames as a 250 ms capture made from the moment the challenge was issued. */
    private ResultActions answer(MockHttpSession session, String nonce, List<byte[]> frames, String username)
            throws Exception {
        return answer(session, nonce, recorded(frames, 0, 250), username);
    }

    /**
     * Posts the answer once its last frame's time has passed on the server's clock (as a camera would: the clock
     * is advanced by it, plus 150 ms of upload).
     */
    private ResultActions answer(MockHttpSession session, String nonce, Timed timed, String username)
            throws Exception {
        List<byte[]> frames = timed.frames();
        if (timed.times().length > 0) {
            clock.advance(Duration.ofMillis(timed.times()[timed.times().length - 1] + 150));
        }
        MockMultipartHttpServletRequestBuilder request = multipart("/face-login");
        request.param("frameTimes", java.util.Arrays.toString(timed.times()));
        for (int i = 0; i < frames.size(); i++) {
            request.file(new MockMultipartFile("frames", "frame" + i + ".jpg", "image/jpeg", frames.get(i)));
        }
        if (nonce != null) {
            request.param("nonce", nonce);
        }
        if (username != null) {
            request.param("username", username);
        }
        return mvc.perform(request.session(session).with(csrf()).accept(MediaType.APPLICATION_JSON));
    }

    /** Answers a fresh challenge with the wanted actions by these frames and expects a 422 with the code. */
    private void refused(List<ChallengeAction> actions, List<byte[]> frames, String code) throws Exception {
        refused(actions, c -> recorded(frames, 0, 250), code);
    }

    /** Answers a fresh challenge with the wanted actions by the timed frames built for it; expects a 422 with the code. */
    private void refused(List<ChallengeAction> actions, java.util.function.Function<Issued, Timed> build, String code)
            throws Exception {
        MockHttpSession session = new MockHttpSession();
        Issued c = challenge(session, actions);
        answer(session, c.nonce(), build.apply(c), null)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(code));
    }

    private static List<byte[]> repeat(int n, java.util.function.IntFunction<byte[]> frame) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(frame.apply(i));
        }
        return out;
    }

    private static final List<ChallengeAction> LEFT_RIGHT = List.of(ChallengeAction.TURN_LEFT, ChallengeAction.TURN_RIGHT);

    @Test
    void challengeIsAFreshSingleUseNonceWithTwoActionsAndTheFrameRules() throws Exception {
        mvc.perform(get("/face-login")).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-liveness=\"true\"")));
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/face-login/challenge").session(session).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden());
        MvcResult first = mvc.perform(post("/face-login/challenge").session(session).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.expiresInSeconds").value(60))
                .andExpect(jsonPath("$.frames.min").value(8))
                .andExpect(jsonPath("$.frames.max").value(40))
                .andExpect(jsonPath("$.cues.length()").value(2))
                .andExpect(jsonPath("$.reactionMs.min").value(200))
                .andExpect(jsonPath("$.reactionMs.max").value(2500))
                .andExpect(jsonPath("$.frames.intervalMs").value(250))
                .andExpect(jsonPath("$.instructions.length()").value(2))
                .andReturn();
        String body = first.getResponse().getContentAsString();
        List<String> actions = JsonPath.read(body, "$.actions");
        assertThat(actions).hasSize(2).doesNotHaveDuplicates()
                .allMatch(a -> List.of("turn_left", "turn_right", "look_up", "look_down").contains(a));
        String nonce = JsonPath.read(body, "$.nonce");
        assertThat(nonce).hasSizeGreaterThanOrEqualTo(43);
        Issued second = challenge(session, null);
        assertThat(second.nonce()).isNotEqualTo(nonce);
        // The first nonce was replaced by the second one.
        answer(session, nonce, perform(LEFT_RIGHT), null)
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("challenge_invalid"));
    }

    @Test
    void nonceMissingFromAnotherSessionUsedTwiceOrExpiredIsRefused() throws Exception {
        List<byte[]> still = repeat(8, i -> frame(0));
        MockHttpSession session = new MockHttpSession();
        answer(session, null, still, null)
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("challenge_required"));
        Issued c = challenge(session, null);
        answer(new MockHttpSession(), c.nonce(), still, null)
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("challenge_invalid"));
        answer(session, c.nonce(), still, null).andExpect(status().isUnprocessableContent());
        answer(session, c.nonce(), still, null)
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("challenge_used"));

        clock.set(Instant.parse("2031-05-01T10:00:00Z"));
        Issued late = challenge(session, null);
        clock.advance(Duration.ofSeconds(61));
        answer(session, late.nonce(), perform(late.actions()), null)
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("challenge_expired"));
        // Too few or too many frames.
        Issued few = challenge(session, null);
        answer(session, few.nonce(), repeat(7, i -> frame(0)), null)
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("too_few_frames"));
        Issued many = challenge(session, null);
        answer(session, many.nonce(), repeat(41, i -> frame(0)), null)
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("too_many_frames"));
    }

    @Test
    void genuineAnswerLogsInAndItsFramesSentAgainAreRefused() throws Exception {
        String name = enrolledClipUser();
        MockHttpSession session = new MockHttpSession();
        Issued c = challenge(session, null);
        Timed genuine = onCues(c, 300);
        List<byte[]> frames = genuine.frames();
        MvcResult ok = answer(session, c.nonce(), genuine, null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value(name))
                .andReturn();
        MockHttpSession loggedIn = (MockHttpSession) ok.getRequest().getSession(false);
        mvc.perform(get("/account").session(loggedIn).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(name));

        // The same frames with a new nonce of a challenge that asks for the same actions, re-timed to its cues.
        MockHttpSession attacker = new MockHttpSession();
        Issued again = challenge(attacker, c.actions());
        answer(attacker, again.nonce(), onCues(again, 300), null)
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.error").value("replayed_frames"));
        // Re-encoded at another JPEG quality, naming the user: still a replay.
        Issued third = challenge(attacker, c.actions());
        Timed retimed = onCues(third, 300);
        List<byte[]> reencoded = retimed.frames().stream()
                .map(f -> StillAttacks.jpeg(StillAttacks.decode(f), 0.75f)).toList();
        answer(attacker, third.nonce(), new Timed(reencoded, retimed.times()), name)
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.error").value("replayed_frames"));
        // The recording flipped left to right, answering a challenge with its turns swapped: the same recording (a
        // README-only tester logged in with it after the plain one, before the replay memory compared mirror images).
        Issued swapped = challenge(attacker, c.actions().stream().map(LivenessAttackTest::swapped).toList());
        answer(attacker, swapped.nonce(), flippedOnCues(swapped, 300), null)
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.error").value("replayed_frames"));
    }

    /** @return the action a recording flipped left to right shows for {@code a} */
    private static ChallengeAction swapped(ChallengeAction a) {
        return switch (a) {
            case TURN_LEFT -> ChallengeAction.TURN_RIGHT;
            case TURN_RIGHT -> ChallengeAction.TURN_LEFT;
            default -> a;
        };
    }

    /**
     * {@link #onCues(Issued, long)} performed by the clip flipped left to right: each cue's action is the flipped
     * frames of the action the clip shows for it unflipped ({@link #swapped}).
     */
    private static Timed flippedOnCues(Issued c, long reactionMs) {
        Issued plain = new Issued(c.nonce(), c.actions().stream().map(LivenessAttackTest::swapped).toList(), c.cues());
        Timed timed = onCues(plain, reactionMs);
        List<byte[]> flipped = timed.frames().stream()
                .map(f -> StillAttacks.jpeg(ContinuityAttackTest.mirror(StillAttacks.decode(f)), 0.9f)).toList();
        return new Timed(flipped, timed.times());
    }

    /** Posts frames with a raw frameTimes field (or none), without advancing the clock. */
    private ResultActions answerRaw(MockHttpSession session, String nonce, List<byte[]> frames, String frameTimes)
            throws Exception {
        MockMultipartHttpServletRequestBuilder request = multipart("/face-login");
        for (int i = 0; i < frames.size(); i++) {
            request.file(new MockMultipartFile("frames", "frame" + i + ".jpg", "image/jpeg", frames.get(i)));
        }
        if (frameTimes != null) {
            request.param("frameTimes", frameTimes);
        }
        return mvc.perform(request.param("nonce", nonce).session(session).with(csrf()).accept(MediaType.APPLICATION_JSON));
    }

    @Test
    void frameTimesMissingMalformedOrLaterThanTheAnswerAreRefused() throws Exception {
        List<byte[]> eight = repeat(8, i -> frame(2 * i));
        String[][] cases = {
                {null, "frame_times_required"},
                {"", "frame_times_required"},
                {"[0,250,500]", "frame_times_invalid"},                          // 3 times for 8 frames
                {"[0,250,500,750,750,1000,1250,1500]", "frame_times_invalid"},   // not strictly increasing
                {"[0,250,500,750,1000,1250,1500,1.5]", "frame_times_invalid"},   // not whole ms
                {"[-5,250,500,750,1000,1250,1500,1750]", "frame_times_invalid"}, // negative
                {"0,250,500,750,1000,1250,1500,1750", "frame_times_invalid"},    // not an array
        };
        for (String[] c : cases) {
            MockHttpSession session = new MockHttpSession();
            Issued issued = challenge(session, null);
            answerRaw(session, issued.nonce(), eight, c[0])
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value(c[1]));
        }
        // Times that run 5 s past the moment the answer arrives (1 s after the challenge was issued): frames that
        // claim to have been filmed in the future were re-timed by a script.
        MockHttpSession session = new MockHttpSession();
        Issued issued = challenge(session, null);
        Timed genuine = onCues(issued, 300);
        clock.advance(Duration.ofSeconds(1));
        answerRaw(session, issued.nonce(), genuine.frames(), java.util.Arrays.toString(genuine.times()))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.error").value("frame_times_impossible"));
    }

    @Test
    void aVideoPlayedAsRecordedMovesBeforeTheCues() throws Exception {
        // The genuine clip performing the asked actions, played at its own pace from the moment the challenge
        // arrives: it turns before the page shows the first action.
        String name = enrolledClipUser();
        refused(LEFT_RIGHT, c -> recorded(perform(LEFT_RIGHT), 0, 200), "moved_before_cue");
        // The same played when the first cue appears: the second action comes at the recording's own pace, less
        // than the shortest gap between cues (2.3 s) after the first, so before its cue.
        refused(LEFT_RIGHT, c -> recorded(perform(LEFT_RIGHT), c.cues().get(0) + 300, 200), "moved_before_cue");
        // Re-timed but reacting 3 s late to each cue.
        refused(LEFT_RIGHT, c -> onCues(c, 2900, 700), "reaction_too_slow");
        assertThat(name).isNotBlank();
    }

    @Test
    void anAnswerWithTooManyFacelessFramesIsRefusedWithoutAnalysingTheRest() {
        // 24 frames: 9 grey pictures (no face), then 15 that are not images at all. A third of 24 is 8, so the 9th
        // grey frame already makes the answer impossible: the analysis stops there. Had it gone on, the 10th frame
        // would have refused the answer as unreadable_image.
        BufferedImage grey = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grey.createGraphics();
        g.setColor(new java.awt.Color(128, 128, 128));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        List<byte[]> frames = new ArrayList<>(repeat(9, i -> StillAttacks.jpeg(StillAttacks.noised(grey, 4, i), 0.9f)));
        frames.addAll(repeat(15, i -> ("not an image " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        long[] times = new long[frames.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = 100 + 250L * i;
        }
        Challenge challenge = new Challenge("n", LEFT_RIGHT, Instant.now().plusSeconds(60), Instant.now(),
                List.of(new Cue(ChallengeAction.TURN_LEFT, 1000), new Cue(ChallengeAction.TURN_RIGHT, 3500)));
        assertThat(gate.examine(frames, times, challenge).code()).isEqualTo("not_enough_face_frames");
        // With 7 grey frames of 22 (a third is 7.3) the answer could still pass, so the analysis reaches the garbage.
        List<byte[]> fewer = new ArrayList<>(frames);
        fewer.remove(0);
        fewer.remove(0);
        assertThat(gate.examine(fewer, java.util.Arrays.copyOf(times, fewer.size()), challenge).code())
                .isEqualTo("unreadable_image");
    }

    @Test
    void aStoredLabelImageAmongTheFramesOfAnAnswerIsRefused() throws Exception {
        String name = enrolledClipUser();
        long id = principal(name).getId();
        byte[] label = labels.find(id, templates.forUser(id).get(0).getLabelImage()).orElseThrow().bytes();
        MockHttpSession attacker = new MockHttpSession();
        Issued c = challenge(attacker, null);
        Timed genuine = onCues(c, 300);
        List<byte[]> frames = new ArrayList<>(genuine.frames());
        frames.set(0, label);
        answer(attacker, c.nonce(), new Timed(frames, genuine.times()), name)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(StoredImages.CODE));
        // The genuine answer, with the clip's own first frame there, logs in.
        Issued fresh = challenge(attacker, null);
        answer(attacker, fresh.nonce(), onCues(fresh, 300), name)
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(name));
    }

    @Test
    void theSameStillAsEveryFrameIsRefused() throws Exception {
        refused(LEFT_RIGHT, repeat(12, i -> frame(0)), "flat_picture");
    }

    @Test
    void aStillShiftedScaledAndRotatedAcrossTheFramesIsRefused() throws Exception {
        BufferedImage still = clip.get(0);
        refused(LEFT_RIGHT, repeat(12, i -> StillAttacks.jpeg(
                StillAttacks.moved(still, 6 * i - 36, 2 * i - 12, 0.9 + 0.02 * i, -11 + 2 * i), 0.9f)), "flat_picture");
    }

    @Test
    void aStillWithNoiseOrJpegReEncodingPerFrameIsRefused() throws Exception {
        BufferedImage still = clip.get(0);
        refused(LEFT_RIGHT, repeat(12, i -> StillAttacks.jpeg(StillAttacks.noised(still, 8, i), 0.9f)), "flat_picture");
        refused(LEFT_RIGHT, repeat(12, i -> StillAttacks.jpeg(still, 0.5f + 0.04f * i)), "flat_picture");
    }

    @Test
    void aPhotoTurnedOutOfTheImagePlaneIsRefused() throws Exception {
        // The frontal still turned like a head would: 0 → +40° → 0 → −40° → 0 about its vertical axis.
        double[] angles = {0, 0, 10, 20, 30, 40, 30, 15, 0, -10, -20, -30, -40, -30, -15, 0};
        BufferedImage still = clip.get(0);
        refused(LEFT_RIGHT, repeat(angles.length, i -> StillAttacks.jpeg(StillAttacks.turnedAway(still, angles[i]), 0.9f)),
                "action_not_done");
    }

    @Test
    void stillsAlternatingAreRefused() throws Exception {
        // Two stills (frontal and turned left), and three (frontal, left, right), each sent many times.
        refused(LEFT_RIGHT, repeat(12, i -> frame(i % 2 == 0 ? 0 : 10)), "repeated_frames");
        int[] three = {0, 10, 0, 24};
        refused(LEFT_RIGHT, repeat(16, i -> frame(three[i % 4])), "repeated_frames");
    }

    @Test
    void actionsInTheWrongOrderOrNotDoneAreRefused() throws Exception {
        refused(LEFT_RIGHT, perform(List.of(ChallengeAction.TURN_RIGHT, ChallengeAction.TURN_LEFT)),
                "actions_out_of_order");
        refused(List.of(ChallengeAction.LOOK_UP, ChallengeAction.TURN_LEFT),
                perform(List.of(ChallengeAction.TURN_LEFT, ChallengeAction.LOOK_UP)), "actions_out_of_order");
        refused(List.of(ChallengeAction.TURN_LEFT, ChallengeAction.LOOK_UP),
                perform(List.of(ChallengeAction.TURN_LEFT, ChallengeAction.LOOK_DOWN)), "action_not_done");
    }

    @Test
    void framesOfTwoPeopleInOneAnswerAreRefused() throws Exception {
        AnalysisOptions options = new AnalysisOptions(DetectorKind.TINY, 416, 0.5);
        Box target = engine.analyze(TestImages.of(clip.get(0)), options).get(0).detection().box();
        FaceSamples.Person other = FaceSamples.distinctPeople(1, 0.8).get(0);
        // Tilt the other face like the clip's (descriptors of faces tilted differently are not compared).
        double tilt = HeadPoseEstimator.estimate(engine.analyze(TestImages.of(clip.get(0)), options).get(0).landmarks()).roll()
                - HeadPoseEstimator.estimate(engine.analyze(TestImages.of(other.frame()), options).get(0).landmarks()).roll();
        BufferedImage upright = StillAttacks.moved(other.frame(), 0, 0, 1, tilt);
        Box source = engine.analyze(TestImages.of(upright), options).get(0).detection().box();
        BufferedImage swapped = paste(clip.get(32), upright, source, target);
        // A genuine answer to the cues whose last frames (back to frontal) show another person's face at the same place.
        MockHttpSession swapSession = new MockHttpSession();
        Issued swap = challenge(swapSession, LEFT_RIGHT);
        Timed timed = onCues(swap, 300);
        List<byte[]> frames = new ArrayList<>(timed.frames());
        for (int i = frames.size() - 3; i < frames.size(); i++) {
            frames.set(i, StillAttacks.jpeg(swapped, 0.9f));
        }
        // Refused as two people (when the pasted face's pose is close enough to the first frame's for their
        // descriptors to be compared), as another scene (the pasted picture covers part of the background) or, its
        // frontal frames matching nobody, as no match: never logged in.
        String error = answer(swapSession, swap.nonce(), new Timed(frames, timed.times()), null)
                .andReturn().getResponse().getContentAsString();
        assertThat(error).containsAnyOf("\"different_people\"", "\"scene_changed\"", "\"no_match\"");
        mvc.perform(get("/account").session(swapSession)).andExpect(status().is3xxRedirection());
        // Both faces in one frame.
        BufferedImage both = new BufferedImage(1600, 440, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(clip.get(0), 0, 0, null);
        g.drawImage(LivenessClips.scale(other.frame(), 440.0 / other.frame().getHeight()), 800, 0, null);
        g.dispose();
        List<byte[]> withTwo = new ArrayList<>(perform(LEFT_RIGHT));
        withTwo.set(1, StillAttacks.jpeg(both, 0.9f));
        refused(LEFT_RIGHT, withTwo, "multiple_faces");
    }

    /** The background frame with the other picture scaled and placed so that its face box covers the target. */
    private static BufferedImage paste(BufferedImage background, BufferedImage picture, Box source, Box target) {
        double s = target.width() / source.width();
        BufferedImage out = new BufferedImage(background.getWidth(), background.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(background, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int x = (int) Math.round(target.x() - source.x() * s);
        int y = (int) Math.round(target.y() - source.y() * s);
        g.drawImage(picture, x, y, (int) Math.round(picture.getWidth() * s), (int) Math.round(picture.getHeight() * s), null);
        g.dispose();
        return out;
    }
}
