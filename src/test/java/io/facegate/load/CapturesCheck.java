package io.facegate.load;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.DetectorKind;
import io.facegate.face.Face;
import io.facegate.face.FaceEngine;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.match.Descriptors;
import io.facegate.face.match.MatchPolicy;
import io.facegate.liveness.ChallengeAction;
import io.facegate.liveness.LivenessCheck;
import io.facegate.liveness.LivenessRules;
import io.facegate.liveness.ReplayGuard;
import io.facegate.testsupport.FaceApiReference;

/**
 * Checks offline, with the app's own frame analysis, liveness check and replay memory, what {@link Captures}
 * claims: every capture answers all 12 action orders (live, frontal frames within the 1:N threshold of the
 * enrolled frames), and no answer of one capture is taken for a replay of an answer of another. Prints one line
 * per capture; exits 1 when a claim fails. Run by {@code scripts/load-run.sh check-captures}.
 */
public final class CapturesCheck {

    private CapturesCheck() {
    }

    /** @param args none */
    public static void main(String[] args) {
        HeadTurnClip clip = new HeadTurnClip();
        Captures captures = new Captures(clip);
        int failures = 0;
        try (FaceEngine engine = FaceEngine.load(FaceApiReference.models(), 2)) {
            FrameAnalyzer analyzer = new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()), engine,
                    new AnalysisOptions(DetectorKind.TINY, 416, 0.5, Pipeline.SERVER), FrameAnalyzer.Rules.DEFAULT);
            List<float[]> enrolled = new ArrayList<>();
            for (byte[] frame : clip.enrollmentFrames()) {
                enrolled.add(((FrameAnalyzer.Accepted) analyzer.analyze(frame)).face().descriptor());
            }
            LivenessCheck check = new LivenessCheck(LivenessRules.DEFAULT);
            List<List<LivenessCheck.Verdict>> answers = new ArrayList<>();
            for (int c = 0; c < captures.count(); c++) {
                List<LivenessCheck.Verdict> verdicts = new ArrayList<>();
                double worst = 0;
                List<String> refused = new ArrayList<>();
                for (List<ChallengeAction> actions : orders()) {
                    List<Face> faces = new ArrayList<>();
                    for (byte[] frame : captures.frames(c, clip.answer(actions, captures.setting(c).mirrored()))) {
                        FrameAnalyzer.Result r = analyzer.analyze(frame);
                        // As the app's LivenessGate: these refuse the answer, other refusals skip the frame.
                        if (r instanceof FrameAnalyzer.Rejected rejected && (rejected.code().equals("multiple_faces")
                                || rejected.code().equals("unreadable_image"))) {
                            refused.add(actions + ": " + rejected.code());
                        }
                        faces.add(r instanceof FrameAnalyzer.Accepted a ? a.face() : null);
                    }
                    LivenessCheck.Verdict v = check.check(faces, actions);
                    if (!v.live()) {
                        refused.add(actions + ": " + v.code());
                    }
                    for (float[] d : v.frontal()) {
                        worst = Math.max(worst, enrolled.stream().mapToDouble(e -> Descriptors.distance(e, d)).min()
                                .orElse(9));
                    }
                    verdicts.add(v);
                }
                answers.add(verdicts);
                boolean ok = refused.isEmpty() && worst <= MatchPolicy.NEAREST_RULE.identificationThreshold();
                failures += ok ? 0 : 1;
                System.out.printf("%s: %s, frontal frames up to %.3f from the enrolled ones%s%n",
                        captures.setting(c), refused.isEmpty() ? "all 12 orders live" : "refused " + refused, worst,
                        ok ? "" : "  FAILS");
            }
            int replays = 0;
            int sameCapture = 0;
            int pairs = 0;
            for (int a = 0; a < answers.size(); a++) {
                for (int b = 0; b < answers.size(); b++) {
                    for (LivenessCheck.Verdict earlier : answers.get(a)) {
                        for (LivenessCheck.Verdict later : answers.get(b)) {
                            boolean replay = earlier.live() && later.live() && replay(earlier, later);
                            replays += a != b && replay ? 1 : 0;
                            sameCapture += a == b && replay ? 1 : 0;
                            pairs += a == b ? 1 : 0;
                        }
                    }
                }
            }
            System.out.printf("Answers of different captures taken for replays: %d; of the same capture (any two "
                    + "action orders, the check working): %d of %d%n", replays, sameCapture, pairs);
            failures += replays;
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private static boolean replay(LivenessCheck.Verdict earlier, LivenessCheck.Verdict later) {
        ReplayGuard guard = new ReplayGuard(Clock.systemUTC(), LivenessRules.DEFAULT.duplicateResidual());
        guard.replayedOrRemembered(1, earlier);
        return guard.replayedOrRemembered(1, later);
    }

    private static List<List<ChallengeAction>> orders() {
        List<List<ChallengeAction>> out = new ArrayList<>();
        for (ChallengeAction a : ChallengeAction.values()) {
            for (ChallengeAction b : ChallengeAction.values()) {
                if (a != b) {
                    out.add(List.of(a, b));
                }
            }
        }
        return out;
    }
}
