package io.facegate.liveness;

import io.facegate.face.Face;
import io.facegate.face.pose.LandmarkMotion;

/**
 * {@code flat_picture}: some face frame differs from the first by more than a 2-D similarity transform explains
 * (RMS landmark residual ≥ {@link LivenessRules#minNonRigidResidual()} eye distances): a photo moved, zoomed or
 * rotated in front of the camera stays a similarity of itself. Measured: the largest residual, eye distances.
 */
public final class NonRigidMotionCheck implements AnswerCheck {

    private final LivenessRules rules;

    /** @param rules thresholds */
    public NonRigidMotionCheck(LivenessRules rules) {
        this.rules = rules;
    }

    @Override
    public Finding check(Answer answer) {
        Face first = answer.faces().get(0);
        double nonRigid = 0;
        for (Face f : answer.faces()) {
            nonRigid = Math.max(nonRigid, LandmarkMotion.similarityResidual(first.landmarks(), f.landmarks()));
        }
        if (nonRigid < rules.minNonRigidResidual()) {
            return Finding.refuse(getClass().getSimpleName(), "flat_picture",
                    "No head movement was seen: when each movement is shown, turn or tilt your own head (a photo "
                            + "or a screen held up to the camera is refused).",
                    nonRigid);
        }
        return Finding.pass(getClass().getSimpleName(), nonRigid);
    }
}
