package io.facegate.liveness;

import io.facegate.face.FaceEngine;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.SharedAnalyses;

/**
 * Prints every table of {@link ContinuityAttackTest} with the faces composited onto one background (plain and
 * colour-matched to the first face, on the tuning and the held-out LFW people) that the test leaves out: the
 * README's APCER/BPCER tables. Needs the shared data ({@code ../shared/data}, {@code -Dfacegate.shared.data} or
 * {@code FACEGATE_SHARED_DATA}) and a test build. Run: {@code mvn -o -q exec:exec -Dexec.executable=java
 * -Dexec.classpathScope=test -Dexec.args="-cp %classpath io.facegate.liveness.ContinuityAttackFigures"}.
 */
public final class ContinuityAttackFigures {

    private ContinuityAttackFigures() {
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        if (!LivenessClips.present()) {
            System.err.println("The shared data is missing: set -Dfacegate.shared.data=… (see README).");
            System.exit(2);
        }
        try (FaceEngine engine = FaceEngine.load(FaceApiReference.models(), 2)) {
            ContinuityAttackTest.evaluate(engine, new SharedAnalyses.Cache(), true);
        }
    }
}
