package io.facegate.account;

import java.util.List;

import io.facegate.face.pose.HeadPose;

/**
 * The pose variety of a Face ID setup's frames (issue 12): the setup page asks for the face straight, then turned a
 * little to the left and to the right, as phone face unlock does, so that the templates cover the slight turns of
 * later logins. The check is tolerant: frames without the turns are still enrolled (a fixed camera, a user who cannot
 * turn, an API client), and the success message then suggests setting up again with the turns.
 */
public final class SetupPoseVariety {

    /**
     * Smallest yaw range (largest minus smallest yaw over the setup frames, degrees) counted as a head turn: a third
     * of the 15° the liveness challenge counts as a turn ({@code LivenessRules}), so that the slight turn the page
     * asks for is enough and a head held still is not.
     */
    public static final double MIN_YAW_RANGE = 5.0;

    /** Added to the success message when the frames show no turn. */
    public static final String TIP = " For better recognition later, you can set it up again turning your head a"
            + " little to the left and to the right between the pictures, as the page asks.";

    private SetupPoseVariety() {
    }

    /**
     * @param poses the head poses of the setup frames
     * @return the largest minus the smallest yaw, degrees (0 for fewer than two frames)
     */
    public static double yawRange(List<HeadPose> poses) {
        if (poses.size() < 2) {
            return 0;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (HeadPose p : poses) {
            min = Math.min(min, p.yaw());
            max = Math.max(max, p.yaw());
        }
        return max - min;
    }

    /**
     * @param poses the head poses of the setup frames
     * @return whether they show a slight head turn (yaw range ≥ {@value #MIN_YAW_RANGE}°)
     */
    public static boolean turned(List<HeadPose> poses) {
        return yawRange(poses) >= MIN_YAW_RANGE;
    }
}
