package io.facegate.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

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

    /** @return the figure with 2 decimals, or "-" when there is none (no frame, no thumbnail stage) */
    private static String figure(double value) {
        return value > 1e300 || Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void print(String name, NearCopyTrials.Outcome o, String note) {
        System.out.printf(Locale.ROOT, "%-52s %d label(s); copies refused %3d/%3d (own peak <= %s, thumbnail"
                + " copies' own thumbnail peak <= %s, to the other labels >= %sx, descriptor distance <= %.3f);"
                + " later frames refused %d/%d (lowest peak %s, thumbnail peak %s; below a threshold, to the"
                + " other labels <= %.2fx)%s%s%n", name, o.labels(),
                o.copiesRefused(), o.copiesTried(), figure(o.highestOwnPeak()), figure(o.highestOwnThumb()),
                figure(o.lowestRatio()), o.copyDistance(), o.laterRefused(), o.laterTried(),
                figure(o.lowestLaterPeak()), figure(o.lowestLaterThumb()), o.laterRatio(), note,
                o.missed().isEmpty() ? "" : "; not refused: " + o.missed());
        System.out.println("    highest own peaks: " + o.ownPeaks().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue())).toList());
    }

    /**
     * @param args optional: only the rows whose name contains {@code args[0]} (e.g. {@code blink})
     * @throws Exception when a picture cannot be read
     */
    public static void main(String[] args) throws Exception {
        String only = args.length > 0 ? args[0] : "";
        try (FaceEngine engine = FaceEngine.load(FaceApiReference.models(), 2)) {
            NearCopyTrials trials = new NearCopyTrials(new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()),
                    engine, AnalysisOptions.DEFAULT, FrameAnalyzer.Rules.DEFAULT));
            Row row = (name, run, note) -> {
                if (name.contains(only)) {
                    print(name, run.get(), note);
                }
            };
            row.run("blink clip 2 fps: setup 0/1/2 s, later 3-14 s", () -> {
                List<BufferedImage> blink = LivenessClips.blink(2, 100);
                return trials.account(NearCopyTrials.pick(blink, 0, 5, 2), NearCopyTrials.pick(blink, 6, 999, 1));
            }, "");
            row.run("blink clip 8 fps: setup 0/.375/.75 s, later 1-14 s", () -> {
                List<BufferedImage> blink8 = LivenessClips.blink(8, 200);
                return trials.account(NearCopyTrials.pick(blink8, 0, 7, 3), NearCopyTrials.pick(blink8, 8, 999, 1));
            }, "");
            row.run("head-turn clip x2: setup frames 0/3/6, later 8-87", () -> {
                List<BufferedImage> head = LivenessClips.headTurn(2);
                return trials.account(NearCopyTrials.pick(head, 0, 7, 3), NearCopyTrials.pick(head, 8, 999, 1));
            }, "");
            String[] lfw = {"Aaron_Eckhart/Aaron_Eckhart_0001.jpg", "AJ_Lamas/AJ_Lamas_0001.jpg",
                "Aaron_Guiel/Aaron_Guiel_0001.jpg", "Abdullah_Gul/Abdullah_Gul_0001.jpg"};
            for (String file : lfw) {
                BufferedImage image = ImageIO.read(LivenessClips.dataDir().resolve("lfw/images").resolve(file)
                        .toFile());
                row.run("LFW " + file.substring(0, file.indexOf('/')) + " x1.92, one label",
                        () -> trials.account(List.of(LivenessClips.scale(image, 1.92)), List.of()), "");
            }
            for (FaceSamples.Person person : FaceSamples.distinctPeople(3, 0.8)) {
                List<BufferedImage> shots = new ArrayList<>();
                for (int n = 0; n < 8; n++) {
                    shots.add(ImageIO.read(new ByteArrayInputStream(person.shot(n))));
                }
                row.run("test photo " + person.label() + ", one label", () -> trials.account(shots.subList(1, 2),
                        List.of()), "");
                row.run("test photo " + person.label() + ", still shots 0-2, later 3-7", () -> trials.account(
                        shots.subList(0, 3), shots.subList(3, 8)), " (a scene that did not move: see isCopy)");
            }
            System.out.printf(Locale.ROOT, "threshold %.2f, thumbnail threshold %.2f, sibling ratio %.2f; %d"
                    + " comparisons, %.1f ms CPU each on average%n", NearCopy.THRESHOLD, NearCopy.THUMB_THRESHOLD,
                    NearCopy.SIBLING_RATIO, trials.comparisons(), trials.meanCpuMs());
        }
    }

    /** One row of the figures: printed when its name is asked for. */
    @FunctionalInterface
    private interface Row {
        void run(String name, Supplier<NearCopyTrials.Outcome> outcome, String note);
    }
}
