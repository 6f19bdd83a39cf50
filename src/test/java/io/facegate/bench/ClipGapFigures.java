package io.facegate.bench;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.Face;
import io.facegate.face.FaceEngine;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.HeadPoseEstimator;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.LivenessClips;

/**
 * How the genuine head-turn clip (10 fps, its four actions, frames 0–60, as the browser test plays them) looks to
 * the two continuity checks when a slow device leaves gaps of 100 ms to 2.5 s between frames: per gap, the smallest
 * face-box IoU ({@code face_jump} refuses below 0.25) and the largest yaw/pitch change as a share of what
 * {@code pose_jump} allows for that gap. Prints one line per gap. Run:
 * {@code mvn -o -q exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath io.facegate.bench.ClipGapFigures"}.
 */
public final class ClipGapFigures {

    private ClipGapFigures() {
    }

    /**
     * @param args unused
     * @throws Exception when the models cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        List<Face> faces = new ArrayList<>();
        try (FaceEngine engine = FaceEngine.load(FaceApiReference.models(), 2)) {
            FrameAnalyzer analyzer = new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()), engine,
                    AnalysisOptions.DEFAULT, FrameAnalyzer.Rules.DEFAULT);
            for (int i = 0; i <= 60; i++) {
                faces.add(analyzer.analyze(io.facegate.testsupport.StillAttacks.jpeg(clip.get(i), 0.9f)) instanceof FrameAnalyzer.Accepted a ? a.face() : null);
            }
        }
        io.facegate.liveness.LivenessRules rules = io.facegate.liveness.LivenessRules.DEFAULT;
        for (int gap = 1; gap <= 25; gap++) {
            double smallestIou = 1;
            double largestShare = 0;
            int pairs = 0;
            for (int i = 0; i + gap <= 60; i++) {
                Face a = faces.get(i);
                Face b = faces.get(i + gap);
                if (a == null || b == null) {
                    continue;
                }
                pairs++;
                smallestIou = Math.min(smallestIou, a.detection().box().iou(b.detection().box()));
                HeadPose p = HeadPoseEstimator.estimate(a.landmarks());
                HeadPose q = HeadPoseEstimator.estimate(b.landmarks());
                double allowed = Math.max(rules.maxPoseJumpDegrees(), rules.maxPoseSpeed() * gap * 100 / 1000.0);
                largestShare = Math.max(largestShare,
                        Math.max(Math.abs(p.yaw() - q.yaw()), Math.abs(p.pitch() - q.pitch())) / allowed);
            }
            System.out.printf("gap %4d ms: %2d pairs, smallest face-box IoU %.2f, largest pose change / allowed %.2f%n",
                    gap * 100, pairs, smallestIou, largestShare);
        }
    }
}
