package io.facegate.face;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many detector runs the server pipeline's fallbacks ({@link FaceEngine#detect(io.facegate.face.image.RgbImage,
 * AnalysisOptions, DetectorBudget)}) may spend on the frames of one request. Every frame gets its first look
 * ({@value #FIRST_LOOK} runs: the picture and the picture zoomed out); a frame where that finds no face gets the
 * fallbacks ({@value #FALLBACK_RUNS} more runs) only while the request's allowance lasts, two runs at a time.
 * A faceless frame thus costs {@value #FIRST_LOOK} to {@value #FIRST_LOOK} + {@value #FALLBACK_RUNS} runs, and a
 * request of {@code n} frames at most {@code n ×} {@value #FIRST_LOOK} {@code +} its allowance. Thread-safe (frames
 * of one request may be analysed in parallel).
 */
public final class DetectorBudget {

    /** Detector runs of a frame's first look: the picture and the picture zoomed out. */
    public static final int FIRST_LOOK = 2;
    /** Detector runs of all fallbacks of one frame: three more detector settings, each on both looks. */
    public static final int FALLBACK_RUNS = 6;

    private final AtomicInteger left;

    private DetectorBudget(int fallbackRuns) {
        this.left = new AtomicInteger(fallbackRuns);
    }

    /** @return no limit: every faceless frame gets every fallback (Face ID setup, the command line) */
    public static DetectorBudget unlimited() {
        return new DetectorBudget(Integer.MAX_VALUE);
    }

    /**
     * @param frames how many faceless frames of the request may get every fallback (≥ 0)
     * @return an allowance of {@code frames ×} {@value #FALLBACK_RUNS} fallback runs
     * @throws IllegalArgumentException if negative
     */
    public static DetectorBudget fallbacksFor(int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("frames must be ≥ 0, got " + frames);
        }
        return new DetectorBudget(frames * FALLBACK_RUNS);
    }

    /**
     * @param runs detector runs wanted by one fallback step
     * @return whether they fit the allowance (and are taken from it)
     */
    boolean take(int runs) {
        while (true) {
            int now = left.get();
            if (now < runs) {
                return false;
            }
            if (now == Integer.MAX_VALUE || left.compareAndSet(now, now - runs)) {
                return true;
            }
        }
    }

    /** @return fallback runs still allowed */
    public int left() {
        return left.get();
    }
}
