package io.facegate.liveness;

import java.util.List;

/**
 * {@code light_changed}: the light and colour cast stay those of one take. Two figures per frame against the
 * first, as natural logarithms of ratios (0.1 ≈ 10%): the colour cast of the background (how much one channel's
 * gain differs from the mean gain) and the chroma of the face's centre (its red/green and blue/green ratios). A
 * camera's exposure may drift, so overall brightness is not judged; white balance of one camera and one room
 * changes little, while photos of one person from different events differ. Measured: the largest of the two,
 * over the frames. Answers without scene samples pass unmeasured.
 */
public final class LightCheck implements AnswerCheck {

    /**
     * Largest background colour cast change (0.05: genuine takes of the head-turn clip stay ≤ 0.007, a webcam's
     * white balance drifts by a few percent; pairs of photos of one LFW person are ≥ 0.071 at the 10th percentile;
     * measured by {@code ContinuityFiguresTest}).
     */
    static final double MAX_BACKGROUND_CAST = 0.05;
    /**
     * Largest face chroma change (0.15: genuine turns of the clip reach 0.086, shading moves with the pose; LFW
     * pairs have a median of 0.123, so this figure alone separates little; measured by {@code ContinuityFiguresTest}).
     */
    static final double MAX_FACE_CHROMA = 0.15;

    @Override
    public Finding check(Answer answer) {
        List<SceneSample> scenes = answer.scenes();
        if (scenes.isEmpty()) {
            return Finding.pass(getClass().getSimpleName(), Double.NaN);
        }
        SceneSample first = scenes.get(0);
        double[] face0 = first.faceColour();
        double largest = 0;
        for (int i = 1; i < scenes.size(); i++) {
            SceneSample s = scenes.get(i);
            double cast = backgroundCast(first, s);
            double[] face = s.faceColour();
            double chroma = Math.max(Math.abs(Math.log(ratio(face[0], face[1]) / ratio(face0[0], face0[1]))),
                    Math.abs(Math.log(ratio(face[2], face[1]) / ratio(face0[2], face0[1]))));
            largest = Math.max(largest, Math.max(Double.isNaN(cast) ? 0 : cast, chroma));
            if ((!Double.isNaN(cast) && cast > MAX_BACKGROUND_CAST) || chroma > MAX_FACE_CHROMA) {
                return Finding.refuse(getClass().getSimpleName(), "light_changed", "The light changed between "
                        + "pictures as it does not in one camera view: stay in one place, in steady light.",
                        Math.max(Double.isNaN(cast) ? 0 : cast, chroma));
            }
        }
        return Finding.pass(getClass().getSimpleName(), largest);
    }

    private static double ratio(double a, double b) {
        return Math.max(1, a) / Math.max(1, b);
    }

    /**
     * @return the largest |ln(channel gain / mean gain)| of the shared background cells, NaN without enough of them
     */
    static double backgroundCast(SceneSample a, SceneSample b) {
        double[] sa = new double[3];
        double[] sb = new double[3];
        int n = 0;
        for (int row = 0; row < SceneSample.ROWS; row++) {
            for (int col = 0; col < SceneSample.COLS; col++) {
                if (!a.person(col, row) && !b.person(col, row)) {
                    int cell = row * SceneSample.COLS + col;
                    for (int c = 0; c < 3; c++) {
                        sa[c] += a.cells()[3 * cell + c];
                        sb[c] += b.cells()[3 * cell + c];
                    }
                    n++;
                }
            }
        }
        if (n < SceneContinuityCheck.MIN_BACKGROUND_CELLS) {
            return Double.NaN;
        }
        double[] gain = new double[3];
        double mean = 0;
        for (int c = 0; c < 3; c++) {
            gain[c] = Math.log(Math.max(1, sb[c]) / Math.max(1, sa[c]));
            mean += gain[c] / 3;
        }
        double worst = 0;
        for (int c = 0; c < 3; c++) {
            worst = Math.max(worst, Math.abs(gain[c] - mean));
        }
        return worst;
    }
}
