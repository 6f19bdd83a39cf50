package io.facegate.liveness;

import java.util.List;

import io.facegate.face.pose.HeadPose;

/**
 * {@code pose_jump}: between consecutive face frames, yaw and pitch change by at most
 * {@link LivenessRules#maxPoseJumpDegrees()}, or {@link LivenessRules#maxPoseSpeed()} degrees per second of the
 * time between them when that allows more: motion is judged per second, so the irregular 100–1000 ms frame gaps
 * of a slow phone do not refuse a genuine head turn.
 *
 * <p>{@code pose_skipped}: a real head passes through intermediate angles on its way to a turned pose and back, so
 * at least one of the two crossings of an excursion (a run of frames at least {@link LivenessRules#actionDegrees()}
 * from the start pose) is caught on the way; a set of photos in a few poses jumps into the turned pose and out
 * again. An excursion whose entry step (from the frame before it) and exit step (to the frame after it) both change
 * the pose by more than {@value #SKIP_FLOOR_DEGREES}° and faster than {@value #SKIP_SPEED}° per second of their time
 * is refused. An excursion at the end of the answer (no frame after it) is not judged.
 *
 * <p>Measured: the larger of the largest change as a share of its allowance and the worst excursion's slower
 * crossing as a share of {@value #SKIP_SPEED}°/s (refused above 1).
 */
public final class PoseContinuityCheck implements AnswerCheck {

    /**
     * Crossing speed above which an excursion's entry and exit steps both count as skipped, degrees per second
     * (150: on the shared head-turn clip, 4 takes at 3 scales, centred and off-centre, sampled every 200 or 300 ms
     * in each phase and at 80 draws of random 100–400 and 100–1000 ms gaps, the slower of the two crossings of an
     * excursion is at most 113°/s, 0.75 of this; {@code FaceTrackFiguresTest}; the 480 genuine answers of
     * {@code ContinuityAttackTest} use at most 0.74 of either pose allowance). People who turn faster than the
     * clip's person come closer: one person measured.
     */
    static final double SKIP_SPEED = 150;
    /** Smallest step that counts as a skip however close two frames are, degrees (20: the clip's crossings in one 100 ms step stay ≤ 13°). */
    static final double SKIP_FLOOR_DEGREES = 20;

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
        double skipped = skippedCrossings(answer);
        if (skipped > 1) {
            return Finding.refuse(getClass().getSimpleName(), "pose_skipped", "Your head reached the turned position "
                    + "and left it without any position in between: turn your head slowly, in one movement.", skipped);
        }
        return Finding.pass(getClass().getSimpleName(), Math.max(largest, skipped));
    }

    /**
     * @param answer an answer
     * @return the largest, over the excursions with a frame before and after them, of the smaller of the entry and
     *         exit steps' speed as a share of {@link #SKIP_SPEED} (0 when each has a step within
     *         {@link #SKIP_FLOOR_DEGREES})
     */
    double skippedCrossings(Answer answer) {
        List<HeadPose> poses = answer.poses();
        HeadPose start = answer.start();
        double[] change = new double[poses.size()];
        for (int i = 0; i < change.length; i++) {
            change[i] = Math.max(Math.abs(poses.get(i).yaw() - start.yaw()), Math.abs(poses.get(i).pitch() - start.pitch()));
        }
        double worst = 0;
        int i = 1;
        while (i < change.length) {
            if (change[i] < rules.actionDegrees()) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < change.length && change[j + 1] >= rules.actionDegrees()) {
                j++;
            }
            if (j + 1 < change.length) {
                double entry = crossing(answer, i - 1, i);
                double exit = crossing(answer, j, j + 1);
                worst = Math.max(worst, Math.min(entry, exit));
            }
            i = j + 1;
        }
        return worst;
    }

    /** The step between two frames as a share of {@link #SKIP_SPEED}, 0 when within {@link #SKIP_FLOOR_DEGREES}. */
    private static double crossing(Answer answer, int a, int b) {
        HeadPose p = answer.poses().get(a);
        HeadPose q = answer.poses().get(b);
        double step = Math.max(Math.abs(q.yaw() - p.yaw()), Math.abs(q.pitch() - p.pitch()));
        if (step <= SKIP_FLOOR_DEGREES) {
            return 0;
        }
        double seconds = Math.max(1e-3, (answer.timesMs()[b] - answer.timesMs()[a]) / 1000.0);
        return step / seconds / SKIP_SPEED;
    }
}
