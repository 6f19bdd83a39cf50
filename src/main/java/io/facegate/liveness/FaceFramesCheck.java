package io.facegate.liveness;

/**
 * {@code not_enough_face_frames}: at least {@link LivenessRules#minFaceFrames()} frames show the face and at most
 * {@link LivenessRules#maxFacelessFraction()} of the uploaded frames do not. Measured: the share of frames without
 * a usable face (0–1).
 */
public final class FaceFramesCheck implements AnswerCheck {

    /** The refusal's code. */
    static final String CODE = "not_enough_face_frames";
    /** The refusal's sentence. */
    static final String MESSAGE = "Your face was not found in enough pictures: keep your whole face in view, in good light, and move slowly.";

    private final LivenessRules rules;

    /** @param rules thresholds */
    public FaceFramesCheck(LivenessRules rules) {
        this.rules = rules;
    }

    @Override
    public Finding check(Answer answer) {
        int faceless = answer.frameCount() - answer.faces().size();
        double share = answer.frameCount() == 0 ? 1 : (double) faceless / answer.frameCount();
        if (answer.faces().size() < rules.minFaceFrames() || faceless > rules.maxFacelessFraction() * answer.frameCount()) {
            return Finding.refuse(getClass().getSimpleName(), CODE, MESSAGE, share);
        }
        return Finding.pass(getClass().getSimpleName(), share);
    }
}
