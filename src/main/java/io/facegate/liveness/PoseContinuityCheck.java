package io.facegate.liveness;

import java.util.List;

import io.facegate.face.pose.HeadPose;

/**
 * {@code pose_jump}: between consecutive face frames, yaw and pitch change by at most
 * {@link LivenessRules#maxPoseJumpDegrees()}, or {@link LivenessRules#maxPoseSpeed()} degrees per second of the
 * time between them when that allows more: motion is judged per second, so the irregular 100–1000 ms frame gaps
 * of a slow phone do not refuse a genuine head turn. Measured: the largest change as a share of its allowance
 * (refused above 1).
 */
public final class PoseContinuityCheck implements AnswerCheck {

    private final LivenessRules rules;

    /** @param rules thresholds */
    public PoseContinuityCheck(LivenessRules rules) {
        this.rules = rules;
    }

    @Override
    public Finding check(Answer answer) {
        List<HeadPose> poses = answer.poses();
        double largest = 0;
        for (int i = 1; i < poses.size(); i++) {
            long dt = answer.timesMs()[i] - answer.timesMs()[i - 1];
            double allowed = Math.max(rules.maxPoseJumpDegrees(), rules.maxPoseSpeed() * dt / 1000.0);
            double jump = Math.max(Math.abs(poses.get(i).yaw() - poses.get(i - 1).yaw()),
                    Math.abs(poses.get(i).pitch() - poses.get(i - 1).pitch())) / allowed;
            largest = Math.max(largest, jump);
            if (jump > 1) {
                return Finding.refuse(getClass().getSimpleName(), "pose_jump",
                        "Your head moved too fast: move it slowly, one step at a time.", jump);
            }
        }
        return Finding.pass(getClass().getSimpleName(), largest);
    }
}
