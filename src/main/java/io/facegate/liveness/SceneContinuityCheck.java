package io.facegate.liveness;

import java.util.Arrays;
import java.util.List;

/**
 * One continuous take of one scene. The background around the person (every {@link SceneSample} cell outside
 * both frames' {@link SceneSample#person} regions) must stay the scene of the first frame: the median over those
 * cells of the colour difference after each frame's background is scaled to the same mean (so the camera's
 * exposure may drift) stays under {@link #MAX_SCENE_DIFFERENCE} percent. A frame whose background matches the
 * first frame's only when flipped left to right is refused {@code mirrored_frame} (a flipped frame gives the
 * opposite turn, and the descriptor survives the flip); any other mismatch, or a frame of another size, is
 * {@code scene_changed}. Measured: the largest difference, percent. Answers without scene samples pass unmeasured.
 */
public final class SceneContinuityCheck implements AnswerCheck {

    /**
     * Largest median background difference to the first frame, percent of the background's mean (12: genuine
     * takes of the shared head-turn clip, at 3 scales and 3 crops, stay ≤ 3.9, so 3× that; pairs of photos of one
     * LFW person are 37 at the 10th percentile and only photos of one event go below, down to 0.7; measured by
     * {@code ContinuityFiguresTest}, see the README).
     */
    static final double MAX_SCENE_DIFFERENCE = 12;
    /** Fewest background cells two frames must share to be compared (24 of 768: a head filling the frame). */
    static final int MIN_BACKGROUND_CELLS = 24;

    @Override
    public Finding check(Answer answer) {
        List<SceneSample> scenes = answer.scenes();
        if (scenes.isEmpty()) {
            return Finding.pass(getClass().getSimpleName(), Double.NaN);
        }
        SceneSample first = scenes.get(0);
        double largest = 0;
        for (int i = 1; i < scenes.size(); i++) {
            SceneSample s = scenes.get(i);
            if (s.width() != first.width() || s.height() != first.height()) {
                return Finding.refuse(getClass().getSimpleName(), "scene_changed", MESSAGE, Double.NaN);
            }
            double d = difference(first, s);
            if (Double.isNaN(d)) {
                continue;
            }
            largest = Math.max(largest, d);
            if (d > MAX_SCENE_DIFFERENCE) {
                double mirrored = difference(first, s.mirrored());
                if (!Double.isNaN(mirrored) && mirrored <= MAX_SCENE_DIFFERENCE) {
                    return Finding.refuse(getClass().getSimpleName(), "mirrored_frame",
                            "Some pictures were flipped left to right: let the page film you directly.", d);
                }
                return Finding.refuse(getClass().getSimpleName(), "scene_changed", MESSAGE, d);
            }
        }
        return Finding.pass(getClass().getSimpleName(), largest);
    }

    private static final String MESSAGE = "The pictures do not come from one continuous camera view: stay in "
            + "front of the camera, in one place, while the page films you.";

    /**
     * @param a a frame's sample
     * @param b another's
     * @return the median over their shared background cells of the mean absolute channel difference after
     *         scaling each background to its mean, percent; NaN when fewer than {@link #MIN_BACKGROUND_CELLS}
     *         cells are background in both
     */
    static double difference(SceneSample a, SceneSample b) {
        int cells = SceneSample.COLS * SceneSample.ROWS;
        boolean[] background = new boolean[cells];
        int n = 0;
        double[] ma = new double[3];
        double[] mb = new double[3];
        for (int row = 0; row < SceneSample.ROWS; row++) {
            for (int col = 0; col < SceneSample.COLS; col++) {
                int cell = row * SceneSample.COLS + col;
                if (!a.person(col, row) && !b.person(col, row)) {
                    background[cell] = true;
                    n++;
                    for (int c = 0; c < 3; c++) {
                        ma[c] += a.cells()[3 * cell + c];
                        mb[c] += b.cells()[3 * cell + c];
                    }
                }
            }
        }
        if (n < MIN_BACKGROUND_CELLS) {
            return Double.NaN;
        }
        for (int c = 0; c < 3; c++) {
            ma[c] = Math.max(1, ma[c] / n);
            mb[c] = Math.max(1, mb[c] / n);
        }
        double[] d = new double[n];
        int k = 0;
        for (int cell = 0; cell < cells; cell++) {
            if (background[cell]) {
                double sum = 0;
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(a.cells()[3 * cell + c] / ma[c] - b.cells()[3 * cell + c] / mb[c]);
                }
                d[k++] = 100 * sum / 3;
            }
        }
        Arrays.sort(d);
        return d[n / 2];
    }
}
