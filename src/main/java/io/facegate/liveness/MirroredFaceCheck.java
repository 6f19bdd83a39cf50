package io.facegate.liveness;

import java.util.ArrayList;
import java.util.List;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.landmarks.FaceLandmarker;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.LandmarkMotion;

/**
 * {@code mirrored_frame}, from the face alone: no face frame turned to one side is another frame of the answer
 * turned to the other side and flipped left to right. The server's descriptor averages a face with its mirror
 * image, so identity survives a flip, and a script can put the original background back behind a flipped head
 * (which {@link SceneContinuityCheck} cannot see); but a real head turned the other way is not the exact mirror
 * image of the first turn: the face's own asymmetry and the slightly different pose remain. For every pair of
 * frames turned at least {@link LivenessRules#actionDegrees()} to opposite sides (yaw from the start pose), the
 * landmarks of one, flipped (x → −x, each point swapped with its mirror point, {@link FaceLandmarker#mirrorOf}),
 * are compared with the other's by the RMS residual after the best 2-D similarity transform
 * ({@link LandmarkMotion#similarityResidual}); a residual under {@value #MIN_MIRROR_RESIDUAL} eye distances is a
 * flipped frame. Measured: the smallest residual, eye distances ({@code NaN} without such pairs).
 */
public final class MirroredFaceCheck implements AnswerCheck {

    /**
     * Smallest residual between a flipped turned frame and a frame turned the other way, eye distances (0.03: the
     * genuine takes of the shared head-turn clip, 480 answers at 4 scales, centred and off-centre crops, are never closer than 0.045;
     * the clip's turn-left frames flipped about the face and sent as the turn right, their background put back,
     * come to 0.026, above the 0.016 of one picture re-encoded because the landmark net is not exactly
     * mirror-symmetric; {@code ContinuityAttackTest}). A face much more symmetric than the clip's, turned equally
     * far both ways, comes closer: the margin is 1.5× on one person only (README, Limits).
     */
    static final double MIN_MIRROR_RESIDUAL = 0.03;

    private final LivenessRules rules;

    /** @param rules thresholds (the action amplitude that counts as turned) */
    public MirroredFaceCheck(LivenessRules rules) {
        this.rules = rules;
    }

    @Override
    public Finding check(Answer answer) {
        HeadPose start = answer.start();
        List<FaceLandmarks> left = new ArrayList<>();
        List<FaceLandmarks> right = new ArrayList<>();
        for (int i = 0; i < answer.faces().size(); i++) {
            double yaw = answer.poses().get(i).yaw() - start.yaw();
            if (yaw >= rules.actionDegrees()) {
                left.add(answer.faces().get(i).landmarks());
            } else if (yaw <= -rules.actionDegrees()) {
                right.add(answer.faces().get(i).landmarks());
            }
        }
        double smallest = Double.NaN;
        for (FaceLandmarks l : left) {
            FaceLandmarks flipped = flip(l);
            for (FaceLandmarks r : right) {
                double residual = LandmarkMotion.similarityResidual(flipped, r);
                smallest = Double.isNaN(smallest) ? residual : Math.min(smallest, residual);
            }
        }
        if (!Double.isNaN(smallest) && smallest < MIN_MIRROR_RESIDUAL) {
            return Finding.refuse(getClass().getSimpleName(), "mirrored_frame",
                    "Some pictures were flipped left to right: let the page film you directly.", smallest);
        }
        return Finding.pass(getClass().getSimpleName(), smallest);
    }

    /**
     * @param landmarks a face's 68 landmarks
     * @return the landmarks of its mirror image: x negated, each point swapped with its mirror point
     */
    static FaceLandmarks flip(FaceLandmarks landmarks) {
        List<Point> out = new ArrayList<>(FaceLandmarks.COUNT);
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            Point p = landmarks.get(FaceLandmarker.mirrorOf(i));
            out.add(new Point(-p.x(), p.y()));
        }
        return new FaceLandmarks(out);
    }
}
