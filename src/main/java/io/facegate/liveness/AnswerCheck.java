package io.facegate.liveness;

/**
 * One presentation-attack check: a pure function of an answer's frames, their times and its challenge (no I/O,
 * no state), returning its finding. {@link LivenessCheck} runs them in order; the first refusal names the answer's.
 */
@FunctionalInterface
public interface AnswerCheck {

    /**
     * @param answer the faces, poses and times of one answer, and its challenge
     * @return the finding (a pass or a refusal with its reason code and measured figure)
     */
    Finding check(Answer answer);
}
