package io.facegate.liveness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

import io.facegate.face.Box;
import io.facegate.face.Face;
import io.facegate.face.DetectorBudget;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.image.RgbImage;
import io.facegate.storedimage.StoredImages;

/**
 * Runs the face engine on every frame of a challenge answer and the {@link LivenessCheck} on the faces found.
 * A frame without a usable face (none, too small, too dark) is skipped; a frame that cannot be decoded or that
 * shows two faces refuses the whole answer at once, and so do more frames without a face than
 * {@link LivenessRules#maxFacelessFraction()} allows (the answer can no longer pass, so the remaining frames are
 * not analysed: at most ⌊n/3⌋ + 1 faceless frames are paid for). Each frame after one with a usable face is
 * analysed as a tracked frame ({@link FrameAnalyzer#analyze(byte[], DetectorBudget, Box)}): the whole picture is
 * still searched for a second face, the zoomed-out look is made small unless it could add one. At most one answer
 * per processor is analysed at a time; the others wait in arrival order, up to {@value #WAITING_PER_SLOT} per
 * answer analysed at once: beyond that an answer is refused at once ({@link BusyException}) instead of holding its
 * frames and a request thread for minutes.
 */
public final class LivenessGate {

    /**
     * Faceless frames of one answer that get every detector fallback ({@link DetectorBudget}); the others get the
     * first look only. An answer of n frames thus costs at most 2n + 24 detector runs (24 frames: 72, not 192).
     * 4: the genuine head-turn clip needs the fallbacks on fewer frames (test {@code DetectorBudgetTest}).
     */
    public static final int FALLBACK_FRAMES = 4;

    /**
     * Answers that may wait per answer analysed at once (2 cores: 64 waiting). Chosen so that the load run's 50
     * clients, all waiting at once, are never refused, while the wait stays under a minute on the development
     * machine: 64 answers × 1.36 s of CPU each (README, <i>Challenge answers per second</i>) ÷ 2 cores ≈ 44 s.
     */
    public static final int WAITING_PER_SLOT = 32;

    private final FrameAnalyzer analyzer;
    private final LivenessCheck check;
    private final LivenessRules rules;
    /** Answers analysed at once; the others wait their turn, first come first served. */
    private final Semaphore analysing;
    /** Answers that may wait; a further one is refused. */
    private final int maxWaiting;

    /**
     * An examination that analyses as many answers at once as the JVM sees processors
     * ({@link #LivenessGate(FrameAnalyzer, LivenessCheck, LivenessRules, int)}).
     *
     * @param analyzer per-frame face checks
     * @param check    the liveness rules
     * @param rules    the faceless share that stops the analysis
     */
    public LivenessGate(FrameAnalyzer analyzer, LivenessCheck check, LivenessRules rules) {
        this(analyzer, check, rules, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param analyzer  per-frame face checks
     * @param check     the liveness rules
     * @param rules     the faceless share that stops the analysis
     * @param atOnce    answers analysed at the same time (≥ 1); further answers wait, in arrival order. The frames'
     *                  work is CPU work: 50 answers analysed at once on 2 cores all progress slowly and all finish
     *                  at the end, and the switching between them costs CPU (README, <i>Load run</i>); one per core
     *                  lets the first ones finish first
     * @throws IllegalArgumentException if {@code atOnce < 1}
     */
    public LivenessGate(FrameAnalyzer analyzer, LivenessCheck check, LivenessRules rules, int atOnce) {
        this(analyzer, check, rules, atOnce, WAITING_PER_SLOT * atOnce);
    }

    /**
     * @param analyzer   per-frame face checks
     * @param check      the liveness rules
     * @param rules      the faceless share that stops the analysis
     * @param atOnce     answers analysed at the same time (≥ 1)
     * @param maxWaiting answers that may wait for their turn (≥ 0); a further one gets {@link BusyException}
     * @throws IllegalArgumentException if {@code atOnce < 1} or {@code maxWaiting < 0}
     */
    public LivenessGate(FrameAnalyzer analyzer, LivenessCheck check, LivenessRules rules, int atOnce, int maxWaiting) {
        if (atOnce < 1) {
            throw new IllegalArgumentException("At least one answer must be analysed at a time, got " + atOnce);
        }
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("The number of waiting answers cannot be negative, got " + maxWaiting);
        }
        this.analyzer = analyzer;
        this.check = check;
        this.rules = rules;
        this.analysing = new Semaphore(atOnce, true);
        this.maxWaiting = maxWaiting;
    }

    /**
     * @param frames    the uploaded frames in capture order (JPEG/PNG bytes)
     * @param times     per frame, its capture time in ms since the challenge was issued
     * @param challenge the challenge answered (actions and cues)
     * @return the verdict
     */
    public LivenessCheck.Verdict examine(List<byte[]> frames, long[] times, Challenge challenge) {
        return examine(frames, times, challenge, (frame, face) -> false);
    }

    /**
     * As {@link #examine(List, long[], Challenge)}, and refuses the answer with {@link StoredImages#CODE} at the
     * first frame with a face that {@code stored} recognises from its decoded picture and face (a stored label image
     * or a near-duplicate: it always shows a face, so the frames without one need not be looked up).
     *
     * @param frames    the uploaded frames in capture order (JPEG/PNG bytes)
     * @param times     per frame, its capture time in ms since the challenge was issued
     * @param challenge the challenge answered (actions and cues)
     * @param stored    recognises a stored label image ({@link StoredImages#matcher()})
     * @return the verdict
     * @throws BusyException when every slot is taken and as many answers as allowed wait already (nothing of the
     *                       answer was analysed)
     */
    public LivenessCheck.Verdict examine(List<byte[]> frames, long[] times, Challenge challenge,
                                         BiPredicate<RgbImage, Face> stored) {
        enter();
        try {
            return analyse(frames, times, challenge, stored);
        } finally {
            analysing.release();
        }
    }

    /** Takes a slot: at once if one is free (in turn with those waiting), else after waiting if there is room. */
    private void enter() {
        try {
            if (analysing.tryAcquire(0, TimeUnit.NANOSECONDS)) { // unlike tryAcquire(), honours the waiting order
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        if (analysing.getQueueLength() >= maxWaiting) {
            throw new BusyException();
        }
        analysing.acquireUninterruptibly();
    }

    /**
     * Refusal of an answer that arrives while every slot is taken and {@code maxWaiting} answers wait already
     * (HTTP 503 {@code busy} with {@code Retry-After} in the login).
     */
    public static final class BusyException extends RuntimeException {
        BusyException() {
            super("Too many face checks are waiting for the server.");
        }
    }

    /** @return answers waiting for their turn to be analysed now (for tests and metrics) */
    int waiting() {
        return analysing.getQueueLength();
    }

    private LivenessCheck.Verdict analyse(List<byte[]> frames, long[] times, Challenge challenge,
                                          BiPredicate<RgbImage, Face> stored) {
        List<Face> faces = new ArrayList<>(frames.size());
        DetectorBudget budget = DetectorBudget.fallbacksFor(FALLBACK_FRAMES);
        List<SceneSample> scenes = new ArrayList<>(frames.size());
        int faceless = 0;
        Box tracked = null;
        for (byte[] frame : frames) {
            FrameAnalyzer.Result result = analyzer.analyze(frame, budget, tracked);
            if (result instanceof FrameAnalyzer.Accepted a) {
                if (stored.test(a.image(), a.face())) {
                    return LivenessCheck.Verdict.refused(StoredImages.CODE, StoredImages.MESSAGE);
                }
                tracked = a.face().detection().box();
                faces.add(a.face());
                scenes.add(SceneSample.of(a.image(), a.face().detection().box()));
            } else if (result instanceof FrameAnalyzer.Rejected r) {
                if (r.code().equals("multiple_faces") || r.code().equals("unreadable_image")) {
                    return LivenessCheck.Verdict.refused(r.code(), r.message());
                }
                faces.add(null);
                scenes.add(null);
                if (++faceless > rules.maxFacelessFraction() * frames.size()) {
                    return LivenessCheck.Verdict.refused(FaceFramesCheck.CODE, FaceFramesCheck.MESSAGE);
                }
            }
        }
        return check.check(Answer.of(faces, scenes, times, challenge.actions(), challenge.cues()));
    }
}
