package io.facegate.login.liveness;

import java.util.ArrayList;
import java.util.List;

import io.facegate.face.Face;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.match.Descriptors;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.HeadPoseEstimator;
import io.facegate.face.pose.LandmarkMotion;

/**
 * Decides from the faces found in the frames of one challenge answer whether they show a live head doing the
 * requested actions. Pure logic on landmarks and descriptors (no I/O); the checks run in this order and the
 * first that fails names the refusal:
 * <ol>
 *   <li>{@code not_enough_face_frames}: at least {@link LivenessRules#minFaceFrames()} frames show the face and
 *       at most {@link LivenessRules#maxFacelessFraction()} of them do not;</li>
 *   <li>{@code face_jump}: the face box of each face frame overlaps the previous one (IoU ≥ 0.25);</li>
 *   <li>{@code different_people}: every frame whose pose is close enough to the start for descriptors to be
 *       comparable (yaw within 60°, pitch within 25°, roll within 20°) is within
 *       {@link LivenessRules#maxNeighbourDistance()} of the first face frame;</li>
 *   <li>{@code flat_picture}: some frame differs from the first by more than a 2-D similarity transform
 *       explains ({@link LandmarkMotion#similarityResidual});</li>
 *   <li>{@code repeated_frames}: at least {@link LivenessRules#minDistinctFrames()} distinct pictures;</li>
 *   <li>{@code pose_jump}: yaw and pitch change by at most {@link LivenessRules#maxPoseJumpDegrees()} between
 *       consecutive face frames (per capture interval: a frame without a face in between doubles it);</li>
 *   <li>{@code action_not_done} / {@code actions_out_of_order}: the first action is the first movement made
 *       (no other action reached before it) and the second is reached after it; only frames within the roll range
 *       count, so a head tilted sideways (which is never identity-checked) cannot perform an action.</li>
 * </ol>
 */
public final class LivenessCheck {

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
    /** Smallest face-box IoU between consecutive face frames. */
    static final double MIN_BOX_IOU = 0.25;

    /**
     * The outcome.
     *
     * @param code      null when live, else the reason code
     * @param message   a sentence for the user when refused, else null
     * @param frontal   descriptors ({@code float[128]}) of the frames within
     *                  {@link LivenessRules#frontalDegrees()} of the start pose: the ones to match against the
     *                  account
     * @param landmarks landmarks of every face frame, in order (to recognise a replay later)
     * @param poses     pose of every face frame, in order
     */
    public record Verdict(String code, String message, List<float[]> frontal, List<FaceLandmarks> landmarks,
                          List<HeadPose> poses) {

        /** @return whether the frames passed */
        public boolean live() {
            return code == null;
        }

        static Verdict refused(String code, String message) {
            return new Verdict(code, message, List.of(), List.of(), List.of());
        }
    }

    private final LivenessRules rules;

    /** @param rules thresholds */
    public LivenessCheck(LivenessRules rules) {
        this.rules = rules;
    }

    /**
     * @param frames  per uploaded frame in order, its one face, or null when it showed none usable
     * @param actions the challenge's actions, in order
     * @return the verdict
     */
    public Verdict check(List<Face> frames, List<ChallengeAction> actions) {
        List<Face> faces = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i) != null) {
                faces.add(frames.get(i));
                index.add(i);
            }
        }
        int faceless = frames.size() - faces.size();
        if (faces.size() < rules.minFaceFrames() || faceless > rules.maxFacelessFraction() * frames.size()) {
            return Verdict.refused("not_enough_face_frames",
                    "Your face was not found in enough pictures: keep your whole face in view, in good light, and move slowly.");
        }
        for (int i = 1; i < faces.size(); i++) {
            if (faces.get(i).detection().box().iou(faces.get(i - 1).detection().box()) < MIN_BOX_IOU) {
                return Verdict.refused("face_jump",
                        "Your face jumped between pictures: stay in front of the camera and move your head slowly.");
            }
        }
        List<HeadPose> poses = faces.stream().map(f -> HeadPoseEstimator.estimate(f.landmarks())).toList();
        HeadPose start = poses.get(0);
        Face first = faces.get(0);
        List<float[]> frontal = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            HeadPose p = poses.get(i);
            double dYaw = Math.abs(p.yaw() - start.yaw());
            double dPitch = Math.abs(p.pitch() - start.pitch());
            double dRoll = Math.abs(p.roll() - start.roll());
            if (dYaw <= COMPARABLE_YAW && dPitch <= COMPARABLE_PITCH && dRoll <= COMPARABLE_ROLL
                    && Descriptors.distance(first.descriptor(), faces.get(i).descriptor()) > rules.maxNeighbourDistance()) {
                return Verdict.refused("different_people",
                        "The pictures do not all show the same person: only you should be in front of the camera.");
            }
            if (dYaw <= rules.frontalDegrees() && dPitch <= rules.frontalDegrees()) {
                frontal.add(faces.get(i).descriptor());
            }
        }
        double nonRigid = 0;
        for (Face f : faces) {
            nonRigid = Math.max(nonRigid, LandmarkMotion.similarityResidual(first.landmarks(), f.landmarks()));
        }
        if (nonRigid < rules.minNonRigidResidual()) {
            return Verdict.refused("flat_picture",
                    "No head movement was seen, only a picture moving: do the movements shown, with your own face.");
        }
        if (distinct(faces) < rules.minDistinctFrames()) {
            return Verdict.refused("repeated_frames",
                    "The same pictures were sent several times: let the page film you while you move.");
        }
        for (int i = 1; i < poses.size(); i++) {
            double allowed = rules.maxPoseJumpDegrees() * (index.get(i) - index.get(i - 1));
            if (Math.abs(poses.get(i).yaw() - poses.get(i - 1).yaw()) > allowed
                    || Math.abs(poses.get(i).pitch() - poses.get(i - 1).pitch()) > allowed) {
                return Verdict.refused("pose_jump", "Your head moved too fast: move it slowly, one step at a time.");
            }
        }
        Verdict order = actions(poses, start, actions);
        if (order != null) {
            return order;
        }
        return new Verdict(null, null, List.copyOf(frontal), faces.stream().map(Face::landmarks).toList(), poses);
    }

    private Verdict actions(List<HeadPose> poses, HeadPose start, List<ChallengeAction> actions) {
        int[] firstDone = new int[ChallengeAction.values().length];
        java.util.Arrays.fill(firstDone, Integer.MAX_VALUE);
        for (int i = 0; i < poses.size(); i++) {
            if (Math.abs(poses.get(i).roll() - start.roll()) > COMPARABLE_ROLL) {
                continue;
            }
            for (ChallengeAction a : ChallengeAction.values()) {
                if (firstDone[a.ordinal()] == Integer.MAX_VALUE && a.isDone(poses.get(i), start, rules.actionDegrees())) {
                    firstDone[a.ordinal()] = i;
                }
            }
        }
        int previous = -1;
        for (int k = 0; k < actions.size(); k++) {
            ChallengeAction a = actions.get(k);
            int at = firstDone[a.ordinal()];
            if (at == Integer.MAX_VALUE) {
                return Verdict.refused("action_not_done", "The movement \"" + a.instruction().toLowerCase()
                        + "\" was not seen (or not far enough): follow the instructions, turning about 20° or more.");
            }
            boolean otherBefore = false;
            if (k == 0) {
                for (ChallengeAction other : ChallengeAction.values()) {
                    otherBefore |= other != a && !actions.contains(other) && firstDone[other.ordinal()] < at;
                }
            }
            if (at <= previous || otherBefore || (k == 0 && actions.size() > 1
                    && firstDone[actions.get(1).ordinal()] < at)) {
                return Verdict.refused("actions_out_of_order",
                        "The movements were not done in the order shown: start again and follow them one after the other.");
            }
            previous = at;
        }
        return null;
    }

    /** Greedy clustering: a frame is a new picture when no earlier kept picture is within the duplicate residual. */
    private int distinct(List<Face> faces) {
        List<FaceLandmarks> kept = new ArrayList<>();
        for (Face f : faces) {
            boolean seen = false;
            for (FaceLandmarks k : kept) {
                if (LandmarkMotion.similarityResidual(k, f.landmarks()) < rules.duplicateResidual()) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                kept.add(f.landmarks());
            }
        }
        return kept.size();
    }
}
