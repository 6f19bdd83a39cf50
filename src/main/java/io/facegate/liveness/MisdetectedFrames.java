package io.facegate.liveness;

import java.util.ArrayList;
import java.util.List;

import io.facegate.face.Face;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.HeadPoseEstimator;

/**
 * Finds face frames that are detector misses rather than the head: a face frame whose box overlaps one of its
 * neighbouring face frames by an IoU below {@link FaceBoxContinuityCheck#MIN_BOX_IOU}, and neither of them as much
 * as they overlap each other (at least that much): a box off the path between its neighbours, where a real move's
 * box lies on it. Such a frame counts as a frame without a usable face (its landmarks, and so its
 * pose, are as wrong as its box), so that one bad detection at an extreme pose does not refuse a genuine answer.
 * <p>
 * Measured: the shared head-turn clip, ×2 and stretched ×1.15 horizontally, played by the face-login page at 4×
 * CPU throttling (the test {@code BrowserLivenessTest}): at the look-up's extreme (clip frame 39) the server found
 * a "face" 100 px lower and larger than the head (IoU 0.17 with the frames 0.3 s before and after, which overlap
 * each other by 0.8; estimated roll −33° between rolls of −0.4° and −2.6°) and refused the genuine answer as
 * {@code face_jump}. In a later run the same miss overlapped the frame after it by 0.33 (the frame before by
 * 0.17, the two neighbours each other by 0.51) and was refused the same way, so one missed neighbour is enough
 * when the box is off the neighbours' path. A face that jumps and stays (a composite) or alternates between two places (two sources
 * interleaved) is not one frame between agreeing neighbours: {@code face_jump} still refuses it. A face frame
 * whose pose the estimator cannot model (its arcsine clamped at ±90°) is set aside too; all set-aside frames count
 * towards the faceless share {@link FaceFramesCheck} bounds. Of the box misses, at most
 * {@value #MAX_DROPPED} frames of an answer are set aside, never two face frames in a row; an answer with more
 * such frames is judged with them.
 */
final class MisdetectedFrames {

    /** Most frames one answer may have set aside (2: the clip's five misses in 88 frames, all at extreme poses). */
    static final int MAX_DROPPED = 2;

    private MisdetectedFrames() {
    }

    /**
     * @param frames per uploaded frame, its one face or null
     * @return per uploaded frame, its face, or null where it had none or was a misdetection (a new list)
     */
    static List<Face> without(List<Face> frames) {
        frames = new ArrayList<>(frames);
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i) != null && beyondTheFormula(HeadPoseEstimator.estimate(frames.get(i).landmarks()))) {
                frames.set(i, null);
            }
        }
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i) != null) {
                at.add(i);
            }
        }
        List<Integer> dropped = new ArrayList<>();
        for (int k = 1; k + 1 < at.size(); k++) {
            if (!dropped.isEmpty() && dropped.get(dropped.size() - 1) == at.get(k - 1)) {
                continue;
            }
            Face before = frames.get(at.get(k - 1));
            Face face = frames.get(at.get(k));
            Face after = frames.get(at.get(k + 1));
            double neighbours = iou(before, after);
            double nearer = Math.max(iou(before, face), iou(face, after));
            double farther = Math.min(iou(before, face), iou(face, after));
            if (farther < FaceBoxContinuityCheck.MIN_BOX_IOU
                    && neighbours >= FaceBoxContinuityCheck.MIN_BOX_IOU && nearer < neighbours) {
                dropped.add(at.get(k));
            }
        }
        List<Face> kept = new ArrayList<>(frames);
        if (dropped.size() <= MAX_DROPPED) {
            dropped.forEach(i -> kept.set(i, null));
        }
        return kept;
    }

    /**
     * @return whether the pose formula's arcsine was clamped (yaw or pitch of exactly ±90°): the landmarks are out
     *         of the geometry it models. Measured: the clip's look-up extreme (frame 40, ×2 stretched ×1.05) gave
     *         pitch 90.0° after 39.5° 0.27 s before, and the genuine answer was refused {@code pose_jump}
     *         ({@code BrowserLivenessTest}, 4×).
     */
    private static boolean beyondTheFormula(HeadPose pose) {
        return Math.abs(pose.yaw()) >= SATURATED || Math.abs(pose.pitch()) >= SATURATED;
    }

    /** Yaw or pitch at which the estimator's arcsine is clamped, degrees (90, less rounding). */
    private static final double SATURATED = 90 - 1e-9;

    private static double iou(Face a, Face b) {
        return a.detection().box().iou(b.detection().box());
    }
}
