package io.facegate.face.pose;

/**
 * A head pose estimated from the 68 landmarks of one camera frame, in degrees. The frame is the camera's own
 * picture (not mirrored); directions are named from the subject's point of view.
 *
 * @param yaw   rotation about the vertical axis; positive when the subject turns to their own left (the nose
 *              moves towards the right edge of an un-mirrored camera frame), 0 = facing the camera
 * @param pitch rotation about the horizontal axis; positive when the subject looks up (chin up)
 * @param roll  in-plane tilt of the line through the eye centres; positive when it turns clockwise in the image
 *              (image y down). A photo rotated in the image plane changes roll only
 */
public record HeadPose(double yaw, double pitch, double roll) {
}
