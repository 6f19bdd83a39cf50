package io.facegate.storedimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.facegate.account.LabelThumbnail;
import io.facegate.face.AnalysisOptions;
import io.facegate.face.DetectorKind;
import io.facegate.face.FaceEngine;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.Point;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.NearCopyTrials;
import io.facegate.testsupport.StillAttacks;

/**
 * The stored-image comparison's cheaper arithmetic gives the same values bit for bit, so the peaks and every decision
 * stay: a frame's planes made once and cut for each label ({@link NearCopy.Frame}, {@link Registration.Blurred})
 * against the planes made for each label alone, and the registration on a prepared grid with its sums in scalars
 * ({@link Registration#refine(Registration.Grid, Registration.Plane, double[], int)}) against the registration as
 * first written.
 */
class NearCopySharedPlanesTest {

    @Test
    void aBlurCutFromALargerPlaneIsTheBlurOfTheRectangleAlone() {
        Random random = new Random(11);
        Registration.Plane whole = noise(random, 3, 5, 120, 90);
        // Rectangles inside, on each edge, the whole plane, and ones narrower than the kernel.
        int[][] rects = {{20, 30, 90, 80}, {3, 5, 123, 95}, {3, 40, 50, 95}, {70, 5, 123, 60}, {40, 40, 43, 44},
            {10, 10, 12, 70}, {50, 20, 110, 22}, {4, 6, 30, 30}};
        for (double sigma : new double[] {1.0, 1.4, 2.0}) {
            Registration.Blurred blurred = new Registration.Blurred(whole, sigma);
            for (int[] r : rects) {
                Registration.Plane sub = whole.cut(r[0], r[1], r[2], r[3]);
                assertThat(sub.v()).hasSize((r[2] - r[0]) * (r[3] - r[1]));
                assertThat(blurred.cut(sub).v()).as("σ %s, %s", sigma, java.util.Arrays.toString(r))
                        .containsExactly(sub.blurred(sigma).v());
            }
        }
    }

    @Test
    void theRegistrationOnAPreparedGridGivesTheFirstWrittenValues() {
        Random random = new Random(5);
        for (int trial = 0; trial < 12; trial++) {
            Registration.Plane stored = noise(random, 10, 20, 90 + trial, 110).blurred(2.0);
            // The candidate: the stored plane under an affine map, brighter, with clipped parts and noise.
            double[] truth = {1.05, 0.03, -0.02, 0.97, 6.5, -3.25};
            int w = 160;
            int h = 170;
            float[] v = new float[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double det = truth[0] * truth[3] - truth[1] * truth[2];
                    double dx = x - truth[4];
                    double dy = y - truth[5];
                    double sx = (truth[3] * dx - truth[1] * dy) / det;
                    double sy = (-truth[2] * dx + truth[0] * dy) / det;
                    float value = stored.sample(sx, sy) * 1.1f + 8 + (float) random.nextGaussian() * (trial % 3);
                    v[y * w + x] = Math.max(0, Math.min(255, trial % 2 == 0 ? value : value * 1.6f - 60));
                }
            }
            Registration.Plane candidate = new Registration.Plane(0, 0, w, h, v);
            double[] start = Registration.fromLandmarks(
                    grid(0, 0), grid(truth[4] + trial % 4, truth[5] - 1));
            for (int[] stepBorder : new int[][] {{4, 6}, {3, 6}, {2, 1}}) {
                for (int iterations : new int[] {1, 3, 8}) {
                    assertThat(Registration.refine(new Registration.Grid(stored, stepBorder[0], stepBorder[1]),
                            candidate, start, iterations))
                            .as("trial %d, step %d, %d iterations", trial, stepBorder[0], iterations)
                            .containsExactly(firstWritten(stored, candidate, start, stepBorder[0], iterations,
                                    stepBorder[1]));
                }
            }
        }
    }

    @Test
    void peaksWithTheFramesPlanesSharedAreThePeaksLabelByLabel() {
        LivenessClips.assumePresent();
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        try (FaceEngine engine = FaceEngine.load(FaceApiReference.models(), 2)) {
            FrameAnalyzer analyzer = new FrameAnalyzer(decoder, engine,
                    new AnalysisOptions(DetectorKind.TINY, 416, 0.5, Pipeline.SERVER), FrameAnalyzer.Rules.DEFAULT);
            List<NearCopy.Label> labels = new ArrayList<>();
            List<byte[]> frames = new ArrayList<>();
            for (int i : new int[] {0, 30, 57}) {
                byte[] label = StillAttacks.jpeg(FaceSamples.shot(clip.get(i), i), 0.9f);
                FrameAnalyzer.Accepted a = (FrameAnalyzer.Accepted) analyzer.analyze(label);
                labels.add(NearCopy.Label.of(a.image(), a.face().landmarks(),
                        decoder.decode(LabelThumbnail.jpeg(label))));
                // Copies (low fine or thumbnail peaks, mirrored, tone-changed) of each label.
                for (String how : List.of("as-is", "mirror", "thumb", "thumb+mirror+bc-10x10", "mirror+bc-20x20")) {
                    frames.add(NearCopyTrials.copy(StillAttacks.decode(label), how, 0.75f));
                }
            }
            // Later frames: still, turned, mirrored turns (the bench answer's frames and more).
            for (int i = 1; i < clip.size(); i += 3) {
                frames.add(StillAttacks.jpeg(clip.get(i), 0.9f));
            }
            int compared = 0;
            int near = 0;
            for (byte[] bytes : frames) {
                if (!(analyzer.analyze(bytes) instanceof FrameAnalyzer.Accepted a)) {
                    continue;
                }
                NearCopy.Frame forward = new NearCopy.Frame(a.image(), a.face().landmarks());
                NearCopy.Frame backward = new NearCopy.Frame(a.image(), a.face().landmarks());
                NearCopy.Peak[] shared = new NearCopy.Peak[labels.size()];
                NearCopy.Peak[] reversed = new NearCopy.Peak[labels.size()];
                for (int k = 0; k < labels.size(); k++) {
                    shared[k] = NearCopy.peak(labels.get(k), forward);
                    int back = labels.size() - 1 - k;
                    reversed[back] = NearCopy.peak(labels.get(back), backward);
                }
                for (int k = 0; k < labels.size(); k++) {
                    NearCopy.Peak alone = NearCopy.peak(labels.get(k), a.image(), a.face().landmarks());
                    assertThat(shared[k]).isEqualTo(alone);
                    assertThat(reversed[k]).isEqualTo(alone);
                    compared++;
                    near += alone.near() ? 1 : 0;
                }
            }
            assertThat(compared).isGreaterThanOrEqualTo(3 * 40);
            assertThat(near).as("copies among the comparisons").isGreaterThanOrEqualTo(15);
        }
    }

    /** The registration as first written (before the grid): the same sums in an 8×8 array, point by point. */
    private static double[] firstWritten(Registration.Plane s, Registration.Plane c, double[] p0, int step,
                                         int iterations, int border) {
        double[] p = java.util.Arrays.copyOf(p0, 7);
        double bias = 0;
        double gain = 0;
        for (int it = 0; it < iterations; it++) {
            double[][] hess = new double[8][8];
            double[] g = new double[8];
            double squares = 0;
            int count = 0;
            double det = p[0] * p[3] - p[1] * p[2];
            if (Math.abs(det) < 1e-9) {
                break;
            }
            for (int y = s.y0() + border; y < s.y0() + s.h() - border; y += step) {
                for (int x = s.x0() + border; x < s.x0() + s.w() - border; x += step) {
                    double sx = (s.at(x + 1, y) - s.at(x - 1, y)) / 2;
                    double sy = (s.at(x, y + 1) - s.at(x, y - 1)) / 2;
                    double gx = (p[3] * sx - p[2] * sy) / det;
                    double gy = (-p[1] * sx + p[0] * sy) / det;
                    double cv = c.sample(Registration.u(p, x, y), Registration.v(p, x, y));
                    if (cv <= Registration.CLIPPED_BELOW || cv >= 255 - Registration.CLIPPED_BELOW) {
                        continue;
                    }
                    double sv = s.at(x, y);
                    double r = cv - sv - gain * (sv - 128) - bias;
                    squares += r * r;
                    count++;
                    double[] j = {gx * x, gx * y, gy * x, gy * y, gx, gy, 128 - sv, -1};
                    for (int m = 0; m < 8; m++) {
                        g[m] += j[m] * r;
                        for (int n2 = m; n2 < 8; n2++) {
                            hess[m][n2] += j[m] * j[n2];
                        }
                    }
                }
            }
            for (int m = 0; m < 8; m++) {
                for (int n2 = 0; n2 < m; n2++) {
                    hess[m][n2] = hess[n2][m];
                }
            }
            p[6] = Math.sqrt(squares / Math.max(1, count));
            double[] d = Registration.solve(hess, g);
            if (d == null) {
                break;
            }
            for (int m = 0; m < 6; m++) {
                p[m] -= d[m];
            }
            gain -= d[6];
            bias -= d[7];
            if (Math.abs(d[4]) < 0.005 && Math.abs(d[5]) < 0.005 && Math.abs(d[0]) < 1e-5 && Math.abs(d[1]) < 1e-5
                    && Math.abs(d[2]) < 1e-5 && Math.abs(d[3]) < 1e-5) {
                break;
            }
        }
        return p;
    }

    /** @return a plane of uniform noise 0–255 over [x0, x0 + w) × [y0, y0 + h) */
    private static Registration.Plane noise(Random random, int x0, int y0, int w, int h) {
        float[] v = new float[w * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(256) + (float) random.nextGaussian();
        }
        return new Registration.Plane(x0, y0, w, h, v);
    }

    /** @return 68 points on a grid, shifted by (dx, dy): landmarks for a start near the true shift */
    private static FaceLandmarks grid(double dx, double dy) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            points.add(new Point(20 + (i % 9) * 9 + dx, 30 + (i / 9) * 10 + dy));
        }
        return new FaceLandmarks(points);
    }
}
