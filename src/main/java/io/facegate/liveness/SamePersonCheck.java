package io.facegate.liveness;

import io.facegate.face.match.Descriptors;
import io.facegate.face.pose.HeadPose;

/**
 * {@code different_people}: every face frame whose pose is close enough to the start for descriptors to be
 * comparable (yaw within {@value #COMPARABLE_YAW}°, pitch within {@value #COMPARABLE_PITCH}°, roll within
 * {@value #COMPARABLE_ROLL}°) is within {@link LivenessRules#maxNeighbourDistance()} of the first face frame.
 * Measured: the largest such descriptor distance.
 */
public final class SamePersonCheck implements AnswerCheck {

    /**
     * Yaw range (degrees from the start) within which descriptors of one person stay comparable: on the clip,
     * turns up to 55° kept the distance to the first frame ≤ 0.47 (server pipeline: ≤ 0.42).
     */
    static final double COMPARABLE_YAW = 60;
    /**
     * Pitch range. With the server pipeline (aligned chip, the login default) the clip's descriptor stayed
     * ≤ 0.42 from the first frame for yaw turns up to 60° with pitch under 8°, but reached 0.73–0.77 for frames
     * nodded 10–30° (with the face-api.js crop: ≤ 0.47 up to 23°). Frames nodded more are not identity-checked
     * against the first one; they still count for the look-up/look-down actions.
     */
    static final double COMPARABLE_PITCH = 8;
    /**
     * Roll range (degrees from the start): the recognition crop is not de-rotated; on the clip 17° of roll gave
     * 0.43, 25° gave 0.57 and 32° gave 0.67. Frames tilted more are neither identity-checked nor counted for an
     * action.
     */
    static final double COMPARABLE_ROLL = 20;

    private final LivenessRules rules;

    /** @param rules thresholds */
    public SamePersonCheck(LivenessRules rules) {
        this.rules = rules;
    }

    /**
     * @param pose  a frame's pose
     * @param start the start pose
     * @return whether that frame's descriptor is comparable with the start frame's
     */
    static boolean comparable(HeadPose pose, HeadPose start) {
        return Math.abs(pose.yaw() - start.yaw()) <= COMPARABLE_YAW
                && Math.abs(pose.pitch() - start.pitch()) <= COMPARABLE_PITCH
                && Math.abs(pose.roll() - start.roll()) <= COMPARABLE_ROLL;
    }

    @Override
    public Finding check(Answer answer) {
        float[] first = answer.faces().get(0).descriptor();
        double largest = 0;
        for (int i = 0; i < answer.faces().size(); i++) {
            if (!comparable(answer.poses().get(i), answer.start())) {
                continue;
            }
            double d = Descriptors.distance(first, answer.faces().get(i).descriptor());
            largest = Math.max(largest, d);
            if (d > rules.maxNeighbourDistance()) {
                return Finding.refuse(getClass().getSimpleName(), "different_people",
                        "The pictures do not all show the same person: only you should be in front of the camera.", d);
            }
        }
        return Finding.pass(getClass().getSimpleName(), largest);
    }
}
