package io.facegate.face.pose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.DetectorKind;
import io.facegate.face.Face;
import io.facegate.face.FaceEngine;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.TestImages;

/**
 * Head pose on the shared head-turn clip (88 frames at 10 fps, enlarged ×2; every second frame is analysed),
 * whose printed overlay reads: frame 8 yaw 47, frame 24 yaw −51, frame 40 pitch 57, frame 48 pitch −19,
 * frame 64 roll 28, frame 80 roll −33, frontal (|yaw| ≤ 14) at 0, 16, 32, 56, 72.
 */
class HeadPoseEstimatorTest {

    private static FaceEngine engine;
    /** Pose of clip frame 2·i, or null when no single face was found. */
    private static final List<HeadPose> POSES = new ArrayList<>();
    private static FaceLandmarks frontal;

    @BeforeEach
    void needsTheClip() {
        LivenessClips.assumePresent();
    }

    @BeforeAll
    static void analyse() {
        if (!LivenessClips.present()) {
            return;
        }
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        engine = FaceEngine.load(FaceApiReference.models(), 2);
        AnalysisOptions options = new AnalysisOptions(DetectorKind.TINY, 416, 0.5);
        for (int i = 0; i < clip.size(); i += 2) {
            List<Face> faces = engine.analyze(TestImages.of(clip.get(i)), options);
            POSES.add(faces.size() == 1 ? HeadPoseEstimator.estimate(faces.get(0).landmarks()) : null);
            if (i == 0) {
                frontal = faces.get(0).landmarks();
            }
        }
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static HeadPose at(int frame) {
        HeadPose p = POSES.get(frame / 2);
        assertThat(p).as("a face in frame %d", frame).isNotNull();
        return p;
    }

    private static double max(int from, int to, java.util.function.ToDoubleFunction<HeadPose> f) {
        return POSES.subList(from / 2, to / 2 + 1).stream().filter(p -> p != null).mapToDouble(f).max().orElseThrow();
    }

    private static double min(int from, int to, java.util.function.ToDoubleFunction<HeadPose> f) {
        return POSES.subList(from / 2, to / 2 + 1).stream().filter(p -> p != null).mapToDouble(f).min().orElseThrow();
    }

    @Test
    void yawGoesToTheSubjectsLeftThenRightAndBack() {
        assertThat(Math.abs(at(0).yaw())).isLessThan(15);
        assertThat(max(4, 14, HeadPose::yaw)).isGreaterThan(40);       // measured 48.8 (overlay 47)
        assertThat(Math.abs(at(16).yaw())).isLessThan(15);
        assertThat(min(18, 26, HeadPose::yaw)).isLessThan(-45);        // measured −54.7 (overlay −51)
        assertThat(Math.abs(at(30).yaw())).isLessThan(15);
        // Turning barely moves pitch or roll.
        assertThat(max(4, 26, HeadPose::pitch) - min(4, 26, HeadPose::pitch)).isLessThan(20);
    }

    @Test
    void pitchGoesUpThenDownWithoutYaw() {
        assertThat(max(32, 44, HeadPose::pitch)).isGreaterThan(30);    // measured 40.5 (overlay 57)
        assertThat(min(46, 56, HeadPose::pitch)).isLessThan(-15);      // measured −22.9 (overlay −19)
        assertThat(max(32, 56, h -> Math.abs(h.yaw()))).isLessThan(15);
    }

    @Test
    void rollFollowsTheTiltAndLeavesYawAndPitchAlone() {
        assertThat(max(60, 70, HeadPose::roll)).isGreaterThan(25);     // overlay 28
        assertThat(min(76, 82, HeadPose::roll)).isLessThan(-25);       // overlay −33
        assertThat(max(60, 86, h -> Math.abs(h.yaw()))).isLessThan(16);
        assertThat(max(60, 86, h -> Math.abs(h.pitch()))).isLessThan(10);
    }

    @Test
    void aPictureMovedInTheImagePlaneChangesOnlyRoll() {
        HeadPose before = HeadPoseEstimator.estimate(frontal);
        FaceLandmarks moved = similarity(frontal, 37.5, -12, 1.7, 25);
        HeadPose after = HeadPoseEstimator.estimate(moved);
        assertThat(after.yaw()).isCloseTo(before.yaw(), within(1e-9));
        assertThat(after.pitch()).isCloseTo(before.pitch(), within(1e-9));
        assertThat(after.roll()).isCloseTo(before.roll() + 25, within(1e-9));
        assertThat(LandmarkMotion.similarityResidual(frontal, moved)).isLessThan(1e-9);
    }

    @Test
    void aHeadTurnIsNotASimilarityTransform() {
        // Nose tip moved sideways against the contour, as a head turn does: residual well above zero.
        List<Point> points = new ArrayList<>(frontal.points());
        double eye = LandmarkMotion.eyeDistance(frontal);
        for (int i = 27; i <= 35; i++) {
            points.set(i, new Point(points.get(i).x() + 0.3 * eye, points.get(i).y()));
        }
        FaceLandmarks turned = new FaceLandmarks(points);
        assertThat(LandmarkMotion.similarityResidual(frontal, turned)).isGreaterThan(0.06);
        assertThat(HeadPoseEstimator.estimate(turned).yaw()).isGreaterThan(HeadPoseEstimator.estimate(frontal).yaw() + 10);
    }

    @Test
    void refusesLandmarksWithoutEyeDistance() {
        List<Point> same = new ArrayList<>();
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            same.add(new Point(5, 5));
        }
        assertThatThrownBy(() -> HeadPoseEstimator.estimate(new FaceLandmarks(same)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eyes");
    }

    /** Rotates by {@code degrees} and scales about the origin, then shifts. */
    static FaceLandmarks similarity(FaceLandmarks l, double dx, double dy, double scale, double degrees) {
        double c = Math.cos(Math.toRadians(degrees)) * scale;
        double s = Math.sin(Math.toRadians(degrees)) * scale;
        List<Point> out = new ArrayList<>();
        for (Point p : l.points()) {
            out.add(new Point(c * p.x() - s * p.y() + dx, s * p.x() + c * p.y() + dy));
        }
        return new FaceLandmarks(out);
    }
}
