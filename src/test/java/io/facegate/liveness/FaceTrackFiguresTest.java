package io.facegate.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.facegate.face.Box;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.HeadPoseEstimator;
import io.facegate.testsupport.ClipEngineTest;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.SharedAnalyses;

/**
 * Where the thresholds of {@link FaceBoxContinuityCheck} (face centre and size per second) and the
 * {@code pose_skipped} rule of {@link PoseContinuityCheck} come from: every frame 0–60 of the shared head-turn clip
 * (10 fps: both turns, a nod up and down) in takes at three scales, centred and off-centre, sampled as cameras
 * would: every 200 and 300 ms in each phase, and at random gaps of 100–400 and 100–1000 ms (40 draws each); and
 * the blink clip at 10 fps (a still head, for the face box only). Prints the figures and checks that the frozen
 * thresholds hold every genuine one. Skipped without the shared data.
 */
class FaceTrackFiguresTest extends ClipEngineTest {


    /** One analysed frame: time (ms), face box, pose; null box when no single face was found. */
    record Track(long t, Box box, HeadPose pose) {
    }

    private static List<Track> track(List<BufferedImage> frames, long stepMs) {
        return tracked(frames.stream().map(f -> ContinuityFiguresTest.see(engine, f)).toList(), stepMs);
    }

    private static List<Track> tracked(List<ContinuityFiguresTest.Seen> seen, long stepMs) {
        List<Track> out = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            ContinuityFiguresTest.Seen s = seen.get(i);
            out.add(s.face() == null ? null
                    : new Track(i * stepMs, s.face().detection().box(), HeadPoseEstimator.estimate(s.face().landmarks())));
        }
        return out;
    }

    /** Sampling patterns: indices into a 10 fps track. */
    private static List<int[]> patterns(int n) {
        List<int[]> out = new ArrayList<>();
        for (int step : new int[] {2, 3}) {
            for (int phase = 0; phase < step; phase++) {
                List<Integer> idx = new ArrayList<>(List.of(0));
                for (int i = Math.max(phase, 1); i < n; i += step) {
                    idx.add(i);
                }
                out.add(idx.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        Random random = new Random(2);
        for (int longest : new int[] {4, 10}) {
            for (int k = 0; k < 40; k++) {
                List<Integer> idx = new ArrayList<>(List.of(0));
                while (idx.get(idx.size() - 1) < n - 1) {
                    idx.add(Math.min(n - 1, idx.get(idx.size() - 1) + 1 + random.nextInt(longest)));
                }
                out.add(idx.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return out;
    }

    /** [largest centre share, largest size share, largest crossing share, centre step max, size step max] */
    private static double[] figures(List<Track> track, boolean poses) {
        double[] worst = new double[5];
        for (int[] pattern : patterns(track.size())) {
            List<Track> seq = new ArrayList<>();
            for (int i : pattern) {
                if (track.get(i) != null) {
                    seq.add(track.get(i));
                }
            }
            for (int i = 1; i < seq.size(); i++) {
                Box a = seq.get(i - 1).box();
                Box b = seq.get(i).box();
                double dt = (seq.get(i).t() - seq.get(i - 1).t()) / 1000.0;
                double c = FaceBoxContinuityCheck.centreShift(a, b);
                double s = FaceBoxContinuityCheck.sizeChange(a, b);
                worst[0] = Math.max(worst[0], c / (FaceBoxContinuityCheck.CENTRE_FLOOR + FaceBoxContinuityCheck.CENTRE_PER_SECOND * dt));
                worst[1] = Math.max(worst[1], s / (FaceBoxContinuityCheck.SIZE_FLOOR + FaceBoxContinuityCheck.SIZE_PER_SECOND * dt));
                if (dt <= 0.25) {
                    worst[3] = Math.max(worst[3], c);
                    worst[4] = Math.max(worst[4], s);
                }
            }
            if (poses) {
                worst[2] = Math.max(worst[2], new PoseContinuityCheck(LivenessRules.DEFAULT).skippedCrossings(answer(seq)));
            }
        }
        return worst;
    }

    /** An answer carrying only the poses and times of a track (the crossing rule reads nothing else). */
    private static Answer answer(List<Track> seq) {
        long[] times = seq.stream().mapToLong(Track::t).toArray();
        return new Answer(seq.size(), List.of(), new int[seq.size()], times, seq.stream().map(Track::pose).toList(),
                List.of(), List.of(), List.of());
    }

    @Test
    void genuineTakesStayWithinTheFaceTrackAndCrossingAllowances(SharedAnalyses.Cache cache) {
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        double[][] takes = {{2, 1, 0.5}, {1.5, 0.95, 0}, {2, 0.95, 1}, {1.2, 1, 0.5}};
        double[] all = new double[5];
        for (double[] t : takes) {
            // Every frame 0–60; the even ones are those the other liveness figures judge (analysed once a run).
            List<ContinuityFiguresTest.Seen> seen = new ArrayList<>();
            for (int i = 0; i <= 60; i++) {
                int k = i;
                seen.add(i % 2 == 0
                        ? ContinuityFiguresTest.seeTake(cache, engine, t, i, () -> ContinuityFiguresTest.crop(clip.get(k), t[0], t[1], t[2]))
                        : ContinuityFiguresTest.see(engine, ContinuityFiguresTest.crop(clip.get(i), t[0], t[1], t[2])));
            }
            double[] f = figures(tracked(seen, 100), true);
            System.out.printf("Head-turn take ×%.1f crop %.2f@%.1f: centre share %.2f, size share %.2f, crossing share %.2f;"
                    + " per step ≤ 250 ms: centre %.3f face widths, size %.3f%n", t[0], t[1], t[2], f[0], f[1], f[2], f[3], f[4]);
            for (int k = 0; k < 5; k++) {
                all[k] = Math.max(all[k], f[k]);
            }
        }
        double[] blink = figures(track(LivenessClips.blink(10, 100), 100), false);
        System.out.printf("Blink clip: centre share %.2f, size share %.2f; per step: centre %.3f, size %.3f%n",
                blink[0], blink[1], blink[3], blink[4]);
        System.out.printf("Largest over the head-turn takes: centre %.2f, size %.2f, crossing %.2f of the allowance%n",
                all[0], all[1], all[2]);
        assertThat(all[0]).isLessThan(1);
        assertThat(all[1]).isLessThan(1);
        assertThat(all[2]).isLessThan(1);
        assertThat(blink[0]).isLessThan(1);
        assertThat(blink[1]).isLessThan(1);
    }
}
