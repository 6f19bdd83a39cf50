package io.facegate.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.StillAttacks;
import io.facegate.testsupport.TestImages;

/**
 * {@link EnrollmentRules#DEFAULT} on real frames: the demo-photo frames ({@link FaceSamples}, faces ~250 px) and
 * the shared head-turn clip enlarged ×2 (faces ~180–240 px) are accepted when frontal; shrunk, tilted, turned and
 * blurred copies are refused with their code and sentence.
 */
class EnrollmentRulesTest {

    private static FaceEngine engine;
    private static FrameAnalyzer analyzer;
    private static List<FaceSamples.Person> people;

    @BeforeAll
    static void load() {
        engine = FaceEngine.load(FaceApiReference.models(), 2);
        analyzer = new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()), engine, AnalysisOptions.DEFAULT,
                FrameAnalyzer.Rules.DEFAULT);
        people = FaceSamples.distinctPeople(3, 0.8);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** The analyzer's verdict on the frame, then the enrollment rules' (the frame must pass the analyzer). */
    private static Optional<FrameAnalyzer.Rejected> check(BufferedImage frame) {
        FrameAnalyzer.Result result = analyzer.analyze(TestImages.of(frame));
        assertThat(result).as("the login checks accept the frame").isInstanceOf(FrameAnalyzer.Accepted.class);
        return EnrollmentRules.DEFAULT.check((FrameAnalyzer.Accepted) result);
    }

    private static void assertRefused(BufferedImage frame, String code, String words) {
        FrameAnalyzer.Result result = analyzer.analyze(TestImages.of(frame));
        String face = result instanceof FrameAnalyzer.Accepted a ? a.face().detection().box().toString() : "";
        assertThat(check(frame)).as(face).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.message()).contains(words);
        });
    }

    /** Horizontal motion blur over {@code length} px (a head moving during the exposure). */
    static BufferedImage motion(BufferedImage in, int length) {
        float[] k = new float[length];
        java.util.Arrays.fill(k, 1f / length);
        return new ConvolveOp(new Kernel(length, 1, k), ConvolveOp.EDGE_NO_OP, null).filter(in, null);
    }

    @Test
    void genuineFramesAreAccepted() {
        for (FaceSamples.Person p : people) {
            assertThat(check(p.frame())).as(p.label()).isEmpty();
            assertThat(check(StillAttacks.decode(p.jpeg()))).as(p.label() + " as JPEG").isEmpty();
        }
        // Half size (faces ~150 px) is still big enough.
        assertThat(check(StillAttacks.moved(people.get(0).frame(), 0, 0, 0.5, 0))).isEmpty();
    }

    @Test
    void aRealTiltedHeadIsRefused() {
        // The first face that FaceSamples.distinctPeople(2, 0.8) picks: head tilted by 27°, turned by 29°.
        FaceSamples.Person tilted = FaceSamples.distinctPeople(2, 0.8).get(0);
        assertRefused(tilted.frame(), "not_frontal", "tilted");
    }

    @Test
    void aSmallFaceIsRefused() {
        // 0.3× (faces ~95 px): big enough for login (80 px), not for setup (120 px).
        for (FaceSamples.Person p : people) {
            assertRefused(StillAttacks.moved(p.frame(), 0, 0, 0.3, 0), "face_too_small", "come closer");
        }
    }

    @Test
    void aTiltedHeadIsRefused() {
        assertRefused(StillAttacks.moved(people.get(0).frame(), 0, 0, 1, 25), "not_frontal", "turn towards the camera");
        assertRefused(StillAttacks.moved(people.get(1).frame(), 0, 0, 1, -25), "not_frontal", "tilted");
        // 8° of tilt is a natural head position.
        assertThat(check(StillAttacks.moved(people.get(1).frame(), 0, 0, 1, 8))).isEmpty();
    }

    @Test
    void aBlurredFaceIsRefused() {
        // σ = 2 px and more (the other two demo faces are then no longer found at all: no_face).
        assertRefused(FaceSamples.blurred(people.get(0).frame(), 2), "blurred", "Hold still");
        assertRefused(FaceSamples.blurred(people.get(0).frame(), 3), "blurred", "Hold still");
        assertThat(FaceSharpness.of(TestImages.of(FaceSamples.blurred(people.get(0).frame(), 2)),
                ((FrameAnalyzer.Accepted) analyzer.analyze(TestImages.of(people.get(0).frame()))).face().detection().box()))
                .isLessThan(EnrollmentRules.DEFAULT.minSharpness());
    }

    /**
     * Noise is detail to the Laplacian: a blurred face with light noise added measured sharper than a sharp one
     * before the noise term (blurred σ 2 or 3 px plus noise σ 4 per channel: 55–73, sharp faces from 30;
     * {@code FaceSharpnessFigures}).
     */
    @Test
    void aBlurredFaceWithNoiseAddedIsRefusedAndASharpNoisyOneAccepted() {
        BufferedImage face = people.get(0).frame();
        assertRefused(StillAttacks.noised(FaceSamples.blurred(face, 3), 4, 9), "blurred", "Hold still");
        assertRefused(StillAttacks.noised(FaceSamples.blurred(face, 2), 4, 9), "blurred", "Hold still");
        assertThat(check(StillAttacks.noised(face, 6, 7))).as("the sharp face with noise σ 6").isEmpty();
        for (FaceSamples.Person person : people) {
            assertThat(check(StillAttacks.noised(person.frame(), 3, 7))).as("a sharp face with noise σ 3").isEmpty();
        }
    }

    @Test
    void theClipIsAcceptedFacingTheCameraAndRefusedTurnedOrBlurred() {
        LivenessClips.assumePresent();
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        for (int i : new int[] {0, 2, 30, 56, 72}) {
            assertThat(check(clip.get(i))).as("frontal frame %d", i).isEmpty();
            assertThat(check(StillAttacks.decode(StillAttacks.jpeg(clip.get(i), 0.9f)))).as("frame %d, JPEG", i)
                    .isEmpty();
        }
        // Turned to the subject's left (overlay: 47° at frame 8) and right (−51° at 24), chin up (57° at 40).
        for (int i : new int[] {8, 10, 22, 24, 36, 38, 42}) {
            assertThat(check(clip.get(i))).as("turned frame %d", i).hasValueSatisfying(r -> {
                assertThat(r.code()).isEqualTo("not_frontal");
                assertThat(r.message()).contains("turn towards the camera");
            });
        }
        // Head tilted sideways by 30°.
        assertRefused(clip.get(66), "not_frontal", "tilted");
        assertRefused(FaceSamples.blurred(clip.get(0), 2), "blurred", "Hold still");
        assertRefused(motion(clip.get(0), 9), "blurred", "Hold still");
        assertRefused(StillAttacks.noised(FaceSamples.blurred(clip.get(0), 3), 4, 9), "blurred", "Hold still");
        assertThat(check(StillAttacks.noised(clip.get(0), 6, 7))).as("frame 0 with noise σ 6").isEmpty();
    }

    @Test
    void rulesOutOfRangeAreRefusedWithASentence() {
        assertThatThrownBy(() -> new EnrollmentRules(0, 120, 30, 20, 15, 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 frame");
        assertThatThrownBy(() -> EnrollmentRules.DEFAULT.with(3, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("face width 0 px");
    }
}
