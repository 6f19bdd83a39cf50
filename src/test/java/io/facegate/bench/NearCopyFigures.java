package io.facegate.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.FaceEngine;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.storedimage.NearCopy;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.NearCopyTrials;

/**
 * The figures behind {@link NearCopy#THRESHOLD} and {@link NearCopy#SIBLING_RATIO} (README <i>Data and
 * security</i>): for accounts set up from the shared clips, LFW images and the test photos, how many copies of
 * their label images (every transform of issue 9 and their combinations, {@link NearCopyTrials}) are refused and
 * how many of the same person's later frames are, with the peaks behind it, and the CPU time of one comparison.
 * Needs the shared data, ffmpeg and the parity reference: run after {@code mvn -o -q process-test-classes}
 * {@code mvn -o -q exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath io.facegate.bench.NearCopyFigures"}.
 */
public final class NearCopyFigures {

    private NearCopyFigures() {
    }

    private static void print(String name, NearCopyTrials.Outcome o, String note) {
        System.out.printf(Locale.ROOT, "%-52s %d label(s); copies refused %3d/%3d (own peak <= %.2f, to the other"
                + " labels >= %.2fx, descriptor distance <= %.3f); later frames refused %d/%d (nearest peak"
                + " >= %.2f)%s%n", name, o.labels(), o.copiesRefused(), o.copiesTried(), o.highestOwnPeak(),
                o.lowestRatio(), o.copyDistance(), o.laterRefused(), o.laterTried(), o.lowestLaterPeak(), note);
    }

    /**
     * @param args unused
     * @throws Exception when a picture cannot be read
     */
    public static void main(String[] args) throws Exception {
        try (FaceEngine engine = FaceEngine.load(FaceApiReference.models(), 2)) {
            NearCopyTrials trials = new NearCopyTrials(new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()),
                    engine, AnalysisOptions.DEFAULT, FrameAnalyzer.Rules.DEFAULT));
            List<BufferedImage> blink = LivenessClips.blink(2, 100);
            print("blink clip 2 fps: setup 0/1/2 s, later 3-14 s", trials.account(NearCopyTrials.pick(blink, 0, 5,
                    2), NearCopyTrials.pick(blink, 6, 999, 1)), "");
            List<BufferedImage> blink8 = LivenessClips.blink(8, 200);
            print("blink clip 8 fps: setup 0/.375/.75 s, later 1-14 s", trials.account(NearCopyTrials.pick(blink8,
                    0, 7, 3), NearCopyTrials.pick(blink8, 8, 999, 1)), "");
            List<BufferedImage> head = LivenessClips.headTurn(2);
            print("head-turn clip x2: setup frames 0/3/6, later 8-87", trials.account(NearCopyTrials.pick(head, 0,
                    7, 3), NearCopyTrials.pick(head, 8, 999, 1)), "");
            String[] lfw = {"Aaron_Eckhart/Aaron_Eckhart_0001.jpg", "AJ_Lamas/AJ_Lamas_0001.jpg",
                "Aaron_Guiel/Aaron_Guiel_0001.jpg", "Abdullah_Gul/Abdullah_Gul_0001.jpg"};
            for (String file : lfw) {
                BufferedImage image = ImageIO.read(LivenessClips.dataDir().resolve("lfw/images").resolve(file)
                        .toFile());
                print("LFW " + file.substring(0, file.indexOf('/')) + " x1.92, one label",
                        trials.account(List.of(LivenessClips.scale(image, 1.92)), List.of()), "");
            }
            for (FaceSamples.Person person : FaceSamples.distinctPeople(3, 0.8)) {
                List<BufferedImage> shots = new ArrayList<>();
                for (int n = 0; n < 8; n++) {
                    shots.add(ImageIO.read(new ByteArrayInputStream(person.shot(n))));
                }
                print("test photo " + person.label() + ", one label", trials.account(shots.subList(1, 2),
                        List.of()), "");
                print("test photo " + person.label() + ", still shots 0-2, later 3-7", trials.account(
                        shots.subList(0, 3), shots.subList(3, 8)), " (a scene that did not move: see isCopy)");
            }
            System.out.printf(Locale.ROOT, "threshold %.2f, sibling ratio %.2f; %d comparisons, %.1f ms CPU each"
                    + " on average%n", NearCopy.THRESHOLD, NearCopy.SIBLING_RATIO, trials.comparisons(),
                    trials.meanCpuMs());
        }
    }
}
