package io.facegate.liveness;

import java.util.ArrayList;
import java.util.List;

import io.facegate.face.Face;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.pose.LandmarkMotion;

/**
 * {@code repeated_frames}: at least {@link LivenessRules#minDistinctFrames()} distinct pictures among the face
 * frames, two frames whose landmarks a similarity maps onto each other within
 * {@link LivenessRules#duplicateResidual()} counting as one (greedy clustering). Measured: the number of distinct
 * pictures.
 */
public final class DistinctPicturesCheck implements AnswerCheck {

    private final LivenessRules rules;

    /** @param rules thresholds */
    public DistinctPicturesCheck(LivenessRules rules) {
        this.rules = rules;
    }

    @Override
    public Finding check(Answer answer) {
        List<FaceLandmarks> kept = new ArrayList<>();
        for (Face f : answer.faces()) {
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
        if (kept.size() < rules.minDistinctFrames()) {
            return Finding.refuse(getClass().getSimpleName(), "repeated_frames",
                    "The same pictures were sent several times: let the page film you while you move.", kept.size());
        }
        return Finding.pass(getClass().getSimpleName(), kept.size());
    }
}
