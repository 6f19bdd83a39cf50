package io.facegate.liveness;

import io.facegate.face.pose.HeadPose;

/**
 * A head movement the liveness challenge can ask for, named from the user's point of view (the page's preview
 * is mirrored like a mirror, so "turn left" moves the face to the left of the screen). The server reads it in
 * the un-mirrored camera frames: turning to one's own left moves the nose towards the right edge of the frame,
 * which {@link HeadPose#yaw()} counts as positive. A sideways tilt (roll) is never an action: a photo rotated in
 * front of the camera does exactly that.
 */
public enum ChallengeAction {
    /** Turn the head to one's own left: yaw increases. */
    TURN_LEFT("turn_left", "Turn your head to your left"),
    /** Turn the head to one's own right: yaw decreases. */
    TURN_RIGHT("turn_right", "Turn your head to your right"),
    /** Raise the chin, look up: pitch increases. */
    LOOK_UP("look_up", "Look up"),
    /** Lower the chin, look down: pitch decreases. */
    LOOK_DOWN("look_down", "Look down");

    private final String code;
    private final String instruction;

    ChallengeAction(String code, String instruction) {
        this.code = code;
        this.instruction = instruction;
    }

    /** @return the name used in the API, e.g. {@code turn_left} */
    public String code() {
        return code;
    }

    /** @return the sentence shown to the user */
    public String instruction() {
        return instruction;
    }

    /**
     * @param pose     a frame's pose
     * @param baseline the pose at the start of the challenge
     * @param degrees  the amplitude required, degrees
     * @return whether the frame shows this action done with at least that amplitude
     */
    public boolean isDone(HeadPose pose, HeadPose baseline, double degrees) {
        return switch (this) {
            case TURN_LEFT -> pose.yaw() - baseline.yaw() >= degrees;
            case TURN_RIGHT -> baseline.yaw() - pose.yaw() >= degrees;
            case LOOK_UP -> pose.pitch() - baseline.pitch() >= degrees;
            case LOOK_DOWN -> baseline.pitch() - pose.pitch() >= degrees;
        };
    }
}
