package io.facegate.login.liveness;

import java.util.ArrayList;
import java.util.List;

import io.facegate.face.Face;
import io.facegate.face.DetectorBudget;
import io.facegate.face.FrameAnalyzer;

/**
 * Runs the face engine on every frame of a challenge answer and the {@link LivenessCheck} on the faces found.
 * A frame without a usable face (none, too small, too dark) is skipped; a frame that cannot be decoded or that
 * shows two faces refuses the whole answer.
 */
public final class LivenessGate {

    /**
     * Faceless frames of one answer that get every detector fallback ({@link DetectorBudget}); the others get the
     * first look only. An answer of n frames thus costs at most 2n + 24 detector runs (24 frames: 72, not 192).
     * 4: the genuine head-turn clip needs the fallbacks on fewer frames (test {@code DetectorBudgetTest}).
     */
    public static final int FALLBACK_FRAMES = 4;

    private final FrameAnalyzer analyzer;
    private final LivenessCheck check;

    /**
     * @param analyzer per-frame face checks
     * @param check    the liveness rules
     */
    public LivenessGate(FrameAnalyzer analyzer, LivenessCheck check) {
        this.analyzer = analyzer;
        this.check = check;
    }

    /**
     * @param frames  the uploaded frames in capture order (JPEG/PNG bytes)
     * @param actions the challenge's actions
     * @return the verdict
     */
    public LivenessCheck.Verdict examine(List<byte[]> frames, List<ChallengeAction> actions) {
        List<Face> faces = new ArrayList<>(frames.size());
        DetectorBudget budget = DetectorBudget.fallbacksFor(FALLBACK_FRAMES);
        for (byte[] frame : frames) {
            FrameAnalyzer.Result result = analyzer.analyze(frame, budget);
            if (result instanceof FrameAnalyzer.Accepted a) {
                faces.add(a.face());
            } else if (result instanceof FrameAnalyzer.Rejected r) {
                if (r.code().equals("multiple_faces") || r.code().equals("unreadable_image")) {
                    return LivenessCheck.Verdict.refused(r.code(), r.message());
                }
                faces.add(null);
            }
        }
        return check.check(faces, actions);
    }
}
