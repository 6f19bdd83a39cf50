package io.facegate.load;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.DetectorKind;
import io.facegate.face.FaceEngine;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.HeadPoseEstimator;
import io.facegate.face.weights.ModelSource;
import io.facegate.liveness.ChallengeAction;
import io.facegate.liveness.LivenessCheck;
import io.facegate.liveness.LivenessRules;
import io.facegate.liveness.ReplayGuard;

/**
 * Hands out the {@link Take}s of one account's challenge answers so that no answer is a replay, by the app's own
 * rule, of an answer the app may still remember. The app keeps the turned frames of an account's last
 * {@value ReplayGuard#SEQUENCES_PER_USER} answers and refuses an answer with 3 frames that an affine map takes onto
 * remembered ones; adjacent frames of a slow part of the clip's movements are such copies of each other, so takes
 * of different phases can clash too. A take is therefore handed out only when the app's {@link ReplayGuard}, fed
 * the turned frames of the account's answers in flight and of its last {@value #HISTORY} (one more than the app's
 * memory: two answers may end in another order at the app than at the client), does not call it a replay; the
 * frames' landmarks come from the app's own frame analysis of the captured pictures, made once before the run.
 * Among the free takes the one whose keys were used longest ago is chosen. When none is free the client waits for
 * an answer in flight to end.
 */
final class Takes {

    /** Answers whose frames stay kept back after they ended. */
    static final int HISTORY = ReplayGuard.SEQUENCES_PER_USER + 1;

    /** The analysed frames of each key, and the start frame of each capture. */
    private final Map<Take.Key, List<Frame>> frames;
    private final Map<Boolean, Frame> start;
    private final Map<Take, LivenessCheck.Verdict> inFlight = new HashMap<>();
    private final Deque<LivenessCheck.Verdict> history = new ArrayDeque<>();
    private final Map<Take.Key, Long> lastUsed = new HashMap<>();
    private long uses;

    /** One analysed picture: its landmarks and head pose. */
    record Frame(FaceLandmarks landmarks, HeadPose pose) {
    }

    /**
     * @param frames per key, the analysed frames its movement sends
     * @param start  per capture (mirrored or not), the analysed first frame of every answer
     */
    Takes(Map<Take.Key, List<Frame>> frames, Map<Boolean, Frame> start) {
        this.frames = Map.copyOf(frames);
        this.start = Map.copyOf(start);
    }

    /**
     * Analyses the captured pictures with the app's frame analysis (the server pipeline, tiny detector at 416, as
     * the app's liveness gate).
     *
     * @param captured the clip's frames as captured, plain and mirrored
     * @return the takes of one account
     */
    static Takes analysed(Map<Boolean, Map<Integer, byte[]>> captured) {
        Map<Take.Key, List<Frame>> frames = new HashMap<>();
        Map<Boolean, Frame> start = new HashMap<>();
        try (FaceEngine engine = FaceEngine.load(ModelSource.classpath(), 2)) {
            FrameAnalyzer analyzer = new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()), engine,
                    new AnalysisOptions(DetectorKind.TINY, 416, 0.5, Pipeline.SERVER), FrameAnalyzer.Rules.DEFAULT);
            for (boolean mirrored : new boolean[] {false, true}) {
                Map<Integer, byte[]> pictures = captured.get(mirrored);
                start.put(mirrored, frame(analyzer, pictures.get(HeadTurnClip.firstStill())));
                for (ChallengeAction move : ChallengeAction.values()) {
                    for (int phase = 0; phase < HeadTurnClip.PHASES; phase++) {
                        List<Frame> list = new ArrayList<>();
                        for (int i : HeadTurnClip.move(move, phase)) {
                            Frame f = frame(analyzer, pictures.get(i));
                            if (f != null) {
                                list.add(f);
                            }
                        }
                        frames.put(new Take.Key(mirrored, move, phase), list);
                    }
                }
            }
        }
        return new Takes(frames, start);
    }

    /** @return takes of another account: the same analysed frames, nothing in flight or remembered */
    Takes forAnotherAccount() {
        return new Takes(frames, start);
    }

    private static Frame frame(FrameAnalyzer analyzer, byte[] jpeg) {
        if (analyzer.analyze(jpeg) instanceof FrameAnalyzer.Accepted a) {
            return new Frame(a.face().landmarks(), HeadPoseEstimator.estimate(a.face().landmarks()));
        }
        return null;
    }

    /**
     * Waits for a free take for these actions.
     *
     * @param actions   the challenge's actions
     * @param timeoutMs how long to wait at most
     * @return the take, kept back until {@link #done}
     * @throws LoginFailure when none became free in time
     */
    synchronized Take take(List<ChallengeAction> actions, long timeoutMs) throws LoginFailure, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            Take take = free(actions);
            if (take != null) {
                inFlight.put(take, verdict(take));
                for (Take.Key k : take.keys()) {
                    lastUsed.put(k, ++uses);
                }
                return take;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new LoginFailure("no distinct answer", "no take of the clip for " + actions + " is free of the"
                        + " account's " + inFlight.size() + " answers in flight and its last " + history.size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** @param take a take whose answer the app has answered (kept back for the account's next {@value #HISTORY}) */
    synchronized void done(Take take) {
        history.addLast(inFlight.remove(take));
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        notifyAll();
    }

    /** @return how many answers are in flight (for the run's report) */
    synchronized int inFlight() {
        return inFlight.size();
    }

    private Take free(List<ChallengeAction> actions) {
        List<LivenessCheck.Verdict> kept = new ArrayList<>(inFlight.values());
        kept.addAll(history);
        LivenessCheck.Verdict keptBack = merged(kept);
        Take best = null;
        long bestScore = Long.MAX_VALUE;
        for (boolean mirrored : new boolean[] {false, true}) {
            for (List<Integer> phases : phaseChoices(actions.size())) {
                List<Take.Key> keys = new ArrayList<>();
                for (int k = 0; k < actions.size(); k++) {
                    keys.add(new Take.Key(mirrored, HeadTurnClip.clipMove(actions.get(k), mirrored), phases.get(k)));
                }
                long score = keys.stream().mapToLong(k -> lastUsed.getOrDefault(k, 0L)).max().orElse(0);
                Take take = new Take(mirrored, phases, keys);
                if (score < bestScore && !inFlight.containsKey(take) && !replay(keptBack, verdict(take))) {
                    bestScore = score;
                    best = take;
                }
            }
        }
        return best;
    }

    /** The app's rule: would an account that remembers {@code kept} refuse {@code answer}? */
    private static boolean replay(LivenessCheck.Verdict kept, LivenessCheck.Verdict answer) {
        ReplayGuard guard = new ReplayGuard(Clock.systemUTC(), LivenessRules.DEFAULT.duplicateResidual());
        guard.replayedOrRemembered(1, kept);
        return guard.replayedOrRemembered(1, answer);
    }

    /** A take's answer as the replay memory sees it: the start frame, then its movements' frames. */
    private LivenessCheck.Verdict verdict(Take take) {
        List<Frame> all = new ArrayList<>();
        all.add(start.get(take.mirrored()));
        take.keys().forEach(k -> all.addAll(frames.get(k)));
        return new LivenessCheck.Verdict(null, null, List.of(), all.stream().map(Frame::landmarks).toList(),
                all.stream().map(Frame::pose).toList());
    }

    /** Several answers as one (the plain start frame, then every turned frame of each), for one look-up. */
    private LivenessCheck.Verdict merged(List<LivenessCheck.Verdict> answers) {
        List<FaceLandmarks> landmarks = new ArrayList<>(List.of(start.get(false).landmarks()));
        List<HeadPose> poses = new ArrayList<>(List.of(start.get(false).pose()));
        for (LivenessCheck.Verdict v : answers) {
            landmarks.addAll(v.landmarks().subList(1, v.landmarks().size()));
            poses.addAll(v.poses().subList(1, v.poses().size()));
        }
        return new LivenessCheck.Verdict(null, null, List.of(), landmarks, poses);
    }
    private static List<List<Integer>> phaseChoices(int actions) {
        List<List<Integer>> out = new ArrayList<>();
        out.add(List.of());
        for (int k = 0; k < actions; k++) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> prefix : out) {
                for (int p = 0; p < HeadTurnClip.PHASES; p++) {
                    List<Integer> l = new ArrayList<>(prefix);
                    l.add(p);
                    next.add(l);
                }
            }
            out = next;
        }
        return out;
    }
}
