package io.facegate.liveness;

import java.util.ArrayList;
import java.util.List;

import io.facegate.face.Face;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.pose.HeadPose;

/**
 * Decides from the faces found in the frames of one challenge answer whether they show a live head doing the
 * requested actions: runs the {@link AnswerCheck}s in this order, the first refusal naming the answer's
 * (pure logic on landmarks, descriptors and times; no I/O):
 * <ol>
 *   <li>{@link FaceFramesCheck} {@code not_enough_face_frames};</li>
 *   <li>{@link FaceBoxContinuityCheck} {@code face_jump};</li>
 *   <li>{@link SamePersonCheck} {@code different_people};</li>
 *   <li>{@link NonRigidMotionCheck} {@code flat_picture};</li>
 *   <li>{@link DistinctPicturesCheck} {@code repeated_frames};</li>
 *   <li>{@link PoseContinuityCheck} {@code pose_jump} / {@code pose_skipped};</li>
 *   <li>{@link ActionOrderCheck} {@code action_not_done} / {@code actions_out_of_order};</li>
 *   <li>{@link MirroredFaceCheck} {@code mirrored_frame} (a turned face that is another one flipped);</li>
 *   <li>{@link SceneContinuityCheck} {@code scene_changed} / {@code mirrored_frame};</li>
 *   <li>{@link LightCheck} {@code light_changed};</li>
 *   <li>{@link CueTimingCheck} {@code moved_before_cue} / {@code reaction_too_slow}.</li>
 * </ol>
 */
public final class LivenessCheck {

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
     * @param findings  what each check that ran concluded, in order (the last one is the refusal when refused)
     */
    public record Verdict(String code, String message, List<float[]> frontal, List<FaceLandmarks> landmarks,
                          List<HeadPose> poses, List<Finding> findings) {

        /** Copies the lists. */
        public Verdict {
            frontal = List.copyOf(frontal);
            landmarks = List.copyOf(landmarks);
            poses = List.copyOf(poses);
            findings = List.copyOf(findings);
        }

        /**
         * A verdict without findings (for callers that hold landmarks and poses only).
         *
         * @param code      reason code or null
         * @param message   sentence or null
         * @param frontal   frontal descriptors
         * @param landmarks landmarks per face frame
         * @param poses     poses per face frame
         */
        public Verdict(String code, String message, List<float[]> frontal, List<FaceLandmarks> landmarks,
                       List<HeadPose> poses) {
            this(code, message, frontal, landmarks, poses, List.of());
        }

        /** @return whether the frames passed */
        public boolean live() {
            return code == null;
        }

        /**
         * @param code    reason code
         * @param message sentence for the user
         * @return a refusal found before the checks ran (e.g. two faces in a frame)
         */
        public static Verdict refused(String code, String message) {
            return new Verdict(code, message, List.of(), List.of(), List.of(), List.of());
        }
    }

    private final LivenessRules rules;
    private final List<AnswerCheck> checks;

    /** @param rules thresholds */
    public LivenessCheck(LivenessRules rules) {
        this.rules = rules;
        this.checks = List.of(new FaceFramesCheck(rules), new FaceBoxContinuityCheck(), new SamePersonCheck(rules),
                new NonRigidMotionCheck(rules), new DistinctPicturesCheck(rules), new PoseContinuityCheck(rules),
                new ActionOrderCheck(rules), new MirroredFaceCheck(rules), new SceneContinuityCheck(), new LightCheck(), new CueTimingCheck(rules));
    }

    /**
     * The frames taken one capture interval ({@link LivenessRules#intervalMs()}) apart, judged without a cue
     * schedule (offline evaluation of recorded answers; the login flow uses {@link #check(Answer)}).
     *
     * @param frames  per uploaded frame in order, its one face, or null when it showed none usable
     * @param actions the challenge's actions, in order
     * @return the verdict
     */
    public Verdict check(List<Face> frames, List<ChallengeAction> actions) {
        long[] times = new long[frames.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = (long) i * rules.intervalMs();
        }
        return check(Answer.of(frames, times, actions, List.of()));
    }

    /**
     * @param answer the answer's faces, times and actions
     * @return the verdict
     */
    public Verdict check(Answer answer) {
        List<Finding> findings = new ArrayList<>();
        for (AnswerCheck c : checks) {
            if (answer.faces().isEmpty() && !(c instanceof FaceFramesCheck)) {
                break;
            }
            Finding f = c.check(answer);
            findings.add(f);
            if (!f.passed()) {
                return new Verdict(f.code(), f.message(), List.of(), List.of(), List.of(), findings);
            }
        }
        HeadPose start = answer.start();
        List<float[]> frontal = new ArrayList<>();
        for (int i = 0; i < answer.faces().size(); i++) {
            HeadPose p = answer.poses().get(i);
            if (Math.abs(p.yaw() - start.yaw()) <= rules.frontalDegrees()
                    && Math.abs(p.pitch() - start.pitch()) <= rules.frontalDegrees()) {
                frontal.add(answer.faces().get(i).descriptor());
            }
        }
        return new Verdict(null, null, frontal, answer.faces().stream().map(Face::landmarks).toList(),
                answer.poses(), findings);
    }
}
