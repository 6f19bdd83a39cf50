package io.facegate.load;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import io.facegate.face.weights.ModelSource;
import io.facegate.liveness.Answer;
import io.facegate.liveness.ChallengeAction;
import io.facegate.liveness.Cue;
import io.facegate.liveness.LivenessCheck;
import io.facegate.liveness.LivenessRules;
import io.facegate.liveness.ReplayGuard;

/**
 * Checks offline, with the app's own frame analysis, liveness check and replay memory, what {@link Takes} relies on:
 * every take (plain or mirrored, each of the {@value HeadTurnClip#PHASES} phases) answers all 12 action orders timed
 * to a cue schedule (live, frontal frames within the 1:N threshold of the enrolled frames), and an answer sent again
 * is a replay (the replay memory that {@link Takes} consults works on these frames). Then prints how many answers of
 * one account can be in flight at once. Prints one line per take; exits 1 when a claim fails. Run by
 * {@code scripts/load-run.sh check-takes}.
 */
public final class TakesCheck {

    /** First cue after issue and the delay before the next, ms: inside the app's 800–2500 ms. */
    private static final long CUE_DELAY_MS = 1500;

    private TakesCheck() {
    }

    /** @param args none */
    public static void main(String[] args) {
        HeadTurnClip clip = new HeadTurnClip();
        LivenessRules rules = LivenessRules.DEFAULT;
        int failures = 0;
        try (FaceEngine engine = FaceEngine.load(ModelSource.classpath(), 2)) {
            FrameAnalyzer analyzer = new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()), engine,
                    new AnalysisOptions(DetectorKind.TINY, 416, 0.5, Pipeline.SERVER), FrameAnalyzer.Rules.DEFAULT);
            List<float[]> enrolled = new ArrayList<>();
            for (byte[] frame : clip.enrollmentFrames()) {
                enrolled.add(((FrameAnalyzer.Accepted) analyzer.analyze(frame)).face().descriptor());
            }
            // Each captured picture analysed once; answers are made of these faces.
            Map<Boolean, Map<Integer, FrameAnalyzer.Result>> analysed = new HashMap<>();
            for (boolean mirrored : new boolean[] {false, true}) {
                Map<Integer, FrameAnalyzer.Result> results = new HashMap<>();
                clip.captured(mirrored).forEach((i, jpeg) -> results.put(i, analyzer.analyze(jpeg)));
                analysed.put(mirrored, results);
            }
            LivenessCheck check = new LivenessCheck(rules);
            List<Take> takes = new ArrayList<>();
            List<LivenessCheck.Verdict> verdicts = new ArrayList<>();
            for (boolean mirrored : new boolean[] {false, true}) {
                for (int phase = 0; phase < HeadTurnClip.PHASES; phase++) {
                    double worst = 0;
                    List<String> refused = new ArrayList<>();
                    for (List<ChallengeAction> actions : orders()) {
                        Take take = take(mirrored, phase, actions);
                        List<Long> cueTimes = List.of(CUE_DELAY_MS, CUE_DELAY_MS + rules.actionMs() + CUE_DELAY_MS);
                        HeadTurnClip.Timed timed = clip.answer(actions, cueTimes, take);
                        List<Face> faces = new ArrayList<>();
                        for (int i : timed.frames()) {
                            FrameAnalyzer.Result r = analysed.get(mirrored).get(i);
                            // As the app's LivenessGate: these refuse the answer, other refusals skip the frame.
                            if (r instanceof FrameAnalyzer.Rejected rejected
                                    && (rejected.code().equals("multiple_faces")
                                    || rejected.code().equals("unreadable_image"))) {
                                refused.add(actions + ": frame " + i + " " + rejected.code());
                            }
                            faces.add(r instanceof FrameAnalyzer.Accepted a ? a.face() : null);
                        }
                        List<Cue> cues = List.of(new Cue(actions.get(0), cueTimes.get(0)),
                                new Cue(actions.get(1), cueTimes.get(1)));
                        LivenessCheck.Verdict v = check.check(Answer.of(faces, timed.times(), actions, cues));
                        if (!v.live()) {
                            refused.add(actions + ": " + v.code());
                        }
                        for (float[] d : v.frontal()) {
                            worst = Math.max(worst, enrolled.stream()
                                    .mapToDouble(e -> Descriptors.distance(e, d)).min().orElse(9));
                        }
                        takes.add(take);
                        verdicts.add(v);
                    }
                    boolean ok = refused.isEmpty() && worst <= MatchPolicy.NEAREST_RULE.identificationThreshold();
                    failures += ok ? 0 : 1;
                    System.out.printf("%s, phase %d: %s, frontal frames up to %.3f from the enrolled ones%s%n",
                            mirrored ? "mirrored" : "plain", phase, refused.isEmpty() ? "all 12 orders live"
                                    : "refused " + refused, worst, ok ? "" : "  FAILS");
                }
            }
            int caught = 0;
            for (int i = 0; i + 1 < verdicts.size(); i += 2) {
                caught += verdicts.get(i).live() && replay(rules, verdicts.get(i), verdicts.get(i)) ? 1 : 0;
            }
            System.out.printf("An answer sent again is a replay: %d of %d (the app's check working)%n", caught,
                    (verdicts.size() + 1) / 2);
            failures += caught == (verdicts.size() + 1) / 2 ? 0 : 1;
        }
        capacity(clip);
        System.exit(failures == 0 ? 0 : 1);
    }

    /**
     * How many answers of one account can be in flight at once: with the account's last {@value Takes#HISTORY}
     * answers remembered and k − 1 in flight, 400 challenges (random actions as the app draws them: a turn and
     * another action, in random order) each find a free take at once, for the largest such k.
     */
    private static void capacity(HeadTurnClip clip) {
        Takes takes = Takes.analysed(Map.of(false, clip.captured(false), true, clip.captured(true)));
        java.util.Random random = new java.util.Random(13);
        int capacity = 0;
        for (int k = 1; k <= 12; k++) {
            Takes account = takes.forAnotherAccount();
            java.util.Deque<Take> flying = new java.util.ArrayDeque<>();
            boolean always = true;
            try {
                for (int n = 0; n < 400 && always; n++) {
                    if (flying.size() == k) {
                        account.done(flying.removeFirst());
                    }
                    try {
                        flying.addLast(account.take(randomActions(random), 0));
                    } catch (LoginFailure e) {
                        always = false;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!always) {
                break;
            }
            capacity = k;
        }
        System.out.printf("Answers of one account in flight at once without waiting for a free take: %d%n", capacity);
        for (int trial = 0; trial < 5; trial++) {
            Takes fresh = takes.forAnotherAccount();
            int n = 0;
            try {
                while (n < 200) {
                    fresh.done(fresh.take(randomActions(random), 0));
                    n++;
                }
            } catch (LoginFailure | InterruptedException e) {
                // the first answer without a free take
            }
            System.out.printf("One client, one answer at a time: %d answers before the first without a free take%n", n);
        }
    }

    private static List<ChallengeAction> randomActions(java.util.Random random) {
        ChallengeAction turn = random.nextBoolean() ? ChallengeAction.TURN_LEFT : ChallengeAction.TURN_RIGHT;
        List<ChallengeAction> others = new ArrayList<>(List.of(ChallengeAction.values()));
        others.remove(turn);
        ChallengeAction other = others.get(random.nextInt(others.size()));
        return random.nextBoolean() ? List.of(turn, other) : List.of(other, turn);
    }

    private static Take take(boolean mirrored, int phase, List<ChallengeAction> actions) {
        List<Take.Key> keys = actions.stream()
                .map(a -> new Take.Key(mirrored, HeadTurnClip.clipMove(a, mirrored), phase)).toList();
        return new Take(mirrored, List.of(phase, phase), keys);
    }

    private static boolean replay(LivenessRules rules, LivenessCheck.Verdict earlier, LivenessCheck.Verdict later) {
        ReplayGuard guard = new ReplayGuard(Clock.systemUTC(), rules.duplicateResidual());
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
