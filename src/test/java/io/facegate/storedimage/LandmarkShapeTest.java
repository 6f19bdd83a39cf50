package io.facegate.storedimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.DetectorKind;
import io.facegate.face.FaceEngine;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.Point;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.NearCopyTrials;
import io.facegate.testsupport.StillAttacks;

/**
 * The landmark-shape gate of the stored-image comparison: an affine copy of a label's landmarks (also mirrored) has
 * no residual and a moved feature has; on the shared head-turn clip (skipped without it) the copies with the highest
 * residuals measured by {@code bench.CopyShapeFigures} stay well inside {@link LandmarkShape#SERVER_BOUND} (the login's pipeline), and the
 * clip's turned frames are beyond it (they are not compared), its still ones inside.
 */
class LandmarkShapeTest {

    private static FaceEngine engine;
    private static FrameAnalyzer analyzer;

    @BeforeAll
    static void load() {
        engine = FaceEngine.load(FaceApiReference.models(), 2);
        analyzer = new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()), engine,
                new AnalysisOptions(DetectorKind.TINY, 416, 0.5, Pipeline.SERVER), FrameAnalyzer.Rules.DEFAULT);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static FaceLandmarks landmarks(byte[] picture) {
        return ((FrameAnalyzer.Accepted) analyzer.analyze(picture)).face().landmarks();
    }

    /** @return the points under {@code (x, y) -> (a x + b y + e, c x + d y + f)} */
    private static FaceLandmarks mapped(FaceLandmarks l, double a, double b, double c, double d, double e, double f) {
        List<Point> out = new ArrayList<>();
        for (Point p : l.points()) {
            out.add(new Point(a * p.x() + b * p.y() + e, c * p.x() + d * p.y() + f));
        }
        return new FaceLandmarks(out);
    }

    @Test
    void anAffineCopyOfTheShapeHasNoResidualAndAMovedFeatureHas() {
        FaceLandmarks label = landmarks(FaceSamples.distinctPeople(1, 0.8).get(0).shot(0));
        // Scaled 1.3 with a 3 % shear and a 2 % one-axis stretch, rotated and moved.
        double cos = Math.cos(0.2);
        double sin = Math.sin(0.2);
        FaceLandmarks copy = mapped(label, 1.3 * cos, -1.3 * sin + 0.03, 1.3 * sin, 1.3 * 1.02 * cos, 40, -25);
        assertThat(LandmarkShape.residual(label, copy)).isCloseTo(0, within(1e-9));
        // Its mirror image: x -> width - x, every point in its mirror point's place (as NearCopy.mirror does).
        FaceLandmarks mirrored = NearCopy.mirror(copy, 900);
        assertThat(LandmarkShape.residual(label, mirrored)).isCloseTo(0, within(1e-9));
        assertThat(LandmarkShape.couldBeCopy(label, mirrored, Pipeline.SERVER)).isTrue();
        // The nose (points 27-35) moved sideways by a fifth of the face width, as a head turned about 20° moves it.
        double width = label.get(16).x() - label.get(0).x();
        List<Point> turned = new ArrayList<>(label.points());
        for (int i = 27; i <= 35; i++) {
            Point p = turned.get(i);
            turned.set(i, new Point(p.x() + 0.2 * width, p.y()));
        }
        double moved = LandmarkShape.residual(label, new FaceLandmarks(turned));
        assertThat(moved).isGreaterThan(LandmarkShape.FACEAPI_BOUND);
    }

    @Test
    void copiesOfAClipLabelAreWellInsideTheBoundAndTurnedFramesBeyondIt() {
        LivenessClips.assumePresent();
        List<BufferedImage> head = LivenessClips.headTurn(2);
        BufferedImage label = head.get(0);
        FaceLandmarks own = landmarks(FaceSamples.encode(label, "png"));
        // The kinds of copy with the highest residuals in CopyShapeFigures (server pipeline: ≤ 0.019 on every label).
        for (String how : List.of("mirror", "thumb+mirror", "width0.95+mirror", "mirror+crop2%", "shear0.03",
                "thumb+offset-13+contrast1.05", "crop2%+scale0.9")) {
            for (float quality : NearCopyTrials.TONE_QUALITIES) {
                double r = LandmarkShape.residual(own, landmarks(NearCopyTrials.copy(label, how, quality)));
                assertThat(r).as("%s/%s", how, quality).isLessThan(LandmarkShape.SERVER_BOUND / 2.5);
            }
        }
        // The clip's frames as the page sends them: still at the start (1, 2), turned left (21, 23), right (35, 37);
        // measured to the nearest of labels 0/30/57 (CopyShapeFigures): 0.005-0.007, 0.18-0.21 and 0.26-0.30.
        for (int still : new int[] {1, 2}) {
            FaceLandmarks frame = landmarks(StillAttacks.jpeg(head.get(still), NearCopyTrials.PAGE_QUALITY));
            assertThat(LandmarkShape.couldBeCopy(own, frame, Pipeline.SERVER)).as("frame %d", still).isTrue();
        }
        for (int turned : new int[] {21, 23, 35, 37}) {
            FaceLandmarks frame = landmarks(StillAttacks.jpeg(head.get(turned), NearCopyTrials.PAGE_QUALITY));
            assertThat(LandmarkShape.residual(own, frame)).as("frame %d", turned)
                    .isGreaterThan(LandmarkShape.FACEAPI_BOUND);
        }
    }
}
