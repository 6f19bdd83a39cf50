package io.facegate.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

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
 * The figures behind {@link NearCopy#THRESHOLD}, {@link NearCopy#SIBLING_RATIO} and {@link NearCopy#NOISE_MARGIN}
 * (README <i>Data and security</i>): for accounts set up from the shared clips, LFW images (also as still scenes,
 * a development and a held-out half) and the test photos, how many copies of
 * their label images (every transform of issue 9 and their combinations, {@link NearCopyTrials}) are refused and
 * how many of the same person's later frames are, with the peaks behind it, and the CPU time of one comparison.
 * Needs the shared data, ffmpeg and the parity reference: run after {@code mvn -o -q process-test-classes}
 * {@code mvn -o -q exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath io.facegate.bench.NearCopyFigures"}; with the argument {@code dev} (after the class
 * name) only the still scenes {@link NearCopy#NOISE_MARGIN} was chosen on (test photos, LFW development part).
 */
public final class NearCopyFigures {

    private NearCopyFigures() {
    }

    private static void print(String name, NearCopyTrials.Outcome o, String note) {
        System.out.printf(Locale.ROOT, "%-52s %d label(s); copies refused %3d/%3d (own peak <= %.2f, to the other"
                + " labels >= %.2fx, noise excess >= %.4f, descriptor distance <= %.3f); later frames refused %d/%d"
                + " (nearest peak >= %.2f, noise excess <= %.4f)%s%n", name, o.labels(), o.copiesRefused(),
                o.copiesTried(), o.highestOwnPeak(), o.lowestRatio(), o.lowestCopyNoise(), o.copyDistance(),
                o.laterRefused(), o.laterTried(), o.lowestLaterPeak(), o.highestLaterNoise(), note);
    }

    /** Prints the copies refused per geometry and per encoding. */
    private static void printKinds(NearCopyTrials.Outcome o) {
        StringBuilder line = new StringBuilder("    per kind:");
        for (String geometry : NearCopyTrials.GEOMETRIES) {
            int[] g = o.geometry(geometry);
            line.append(String.format(Locale.ROOT, " %s %d/%d;", geometry, g[1], g[0]));
        }
        for (float quality : NearCopyTrials.QUALITIES) {
            int[] q = o.encoding(quality);
            line.append(String.format(Locale.ROOT, " %s %d/%d;", NearCopyTrials.encodingName(quality), q[1], q[0]));
        }
        System.out.println(line);
    }

    /**
     * LFW people as still scenes, each the person's first image ×1.92 (480 px) taken by a still camera 8 times
     * ({@link FaceSamples#shot}: fresh σ = 2 noise each time): setup from shots 0–2, later frames shots 3–7.
     * People: every {@value #LFW_STRIDE}th folder of {@code lfw/images} in name order, from the {@code from}-th.
     */
    private static NearCopyTrials.Outcome lfwStills(NearCopyTrials trials, int from, int count) throws Exception {
        List<Path> folders;
        try (Stream<Path> list = Files.list(LivenessClips.dataDir().resolve("lfw/images"))) {
            folders = list.sorted().toList();
        }
        NearCopyTrials.Outcome sum = NearCopyTrials.Outcome.NONE;
        for (int i = from; i < from + count; i++) {
            Path first;
            try (Stream<Path> list = Files.list(folders.get(i * LFW_STRIDE))) {
                first = list.sorted().findFirst().orElseThrow();
            }
            BufferedImage scene = LivenessClips.scale(ImageIO.read(first.toFile()), 1.92);
            List<BufferedImage> shots = new ArrayList<>();
            for (int n = 0; n < 8; n++) {
                shots.add(FaceSamples.shot(scene, 1000L * i + n));
            }
            sum = sum.plus(trials.account(shots.subList(0, 3), shots.subList(3, 8)));
        }
        return sum;
    }

    /** Folder stride of the LFW still scenes. */
    private static final int LFW_STRIDE = 150;

    /**
     * @param args unused
     * @throws Exception when a picture cannot be read
     */
    public static void main(String[] args) throws Exception {
        try (FaceEngine engine = FaceEngine.load(FaceApiReference.models(), 2)) {
            NearCopyTrials trials = new NearCopyTrials(new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()),
                    engine, AnalysisOptions.DEFAULT, FrameAnalyzer.Rules.DEFAULT));
            boolean development = args.length > 0 && args[0].equals("dev");
            if (!development) {
                List<BufferedImage> blink = LivenessClips.blink(2, 100);
                print("blink clip 2 fps: setup 0/1/2 s, later 3-14 s", trials.account(NearCopyTrials.pick(blink, 0, 5,
                        2), NearCopyTrials.pick(blink, 6, 999, 1)), "");
                List<BufferedImage> blink8 = LivenessClips.blink(8, 200);
                print("blink clip 8 fps: setup 0/.375/.75 s, later 1-14 s", trials.account(NearCopyTrials.pick(blink8,
                        0, 7, 3), NearCopyTrials.pick(blink8, 8, 999, 1)), "");
                // Consecutive frames of the compressed clip as the setup (~24 fps): the nearest thing to a still setup
                // the real clips hold; the first later frames come 42 ms after the last setup frame.
                List<BufferedImage> blink24 = LivenessClips.blink(0, 120);
                print("blink clip 24 fps: setup frames 24/25/26, later 27-119", trials.account(NearCopyTrials.pick(
                        blink24, 24, 27, 1), NearCopyTrials.pick(blink24, 27, 999, 1)), "");
                List<BufferedImage> head = LivenessClips.headTurn(2);
                print("head-turn clip x2: setup frames 0/3/6, later 8-87", trials.account(NearCopyTrials.pick(head, 0,
                        7, 3), NearCopyTrials.pick(head, 8, 999, 1)), "");
                System.out.printf(Locale.ROOT, "clips (webcam-sized faces): %d comparisons, %.1f ms CPU each on"
                        + " average%n", trials.comparisons(), trials.meanCpuMs());
                String[] lfw = {"Aaron_Eckhart/Aaron_Eckhart_0001.jpg", "AJ_Lamas/AJ_Lamas_0001.jpg",
                    "Aaron_Guiel/Aaron_Guiel_0001.jpg", "Abdullah_Gul/Abdullah_Gul_0001.jpg"};
                for (String file : lfw) {
                    BufferedImage image = ImageIO.read(LivenessClips.dataDir().resolve("lfw/images").resolve(file)
                            .toFile());
                    print("LFW " + file.substring(0, file.indexOf('/')) + " x1.92, one label",
                            trials.account(List.of(LivenessClips.scale(image, 1.92)), List.of()), "");
                }
            }
            for (FaceSamples.Person person : FaceSamples.distinctPeople(3, 0.8)) {
                List<BufferedImage> shots = new ArrayList<>();
                for (int n = 0; n < 8; n++) {
                    shots.add(ImageIO.read(new ByteArrayInputStream(person.shot(n))));
                }
                print("test photo " + person.label() + ", one label", trials.account(shots.subList(1, 2),
                        List.of()), "");
                NearCopyTrials.Outcome still = trials.account(shots.subList(0, 3), shots.subList(3, 8));
                print("test photo " + person.label() + ", still shots 0-2, later 3-7", still,
                        " (a scene that did not move: see isCopy)");
                printKinds(still);
            }
            // Still scenes: development half (people 0-5, what NOISE_MARGIN was chosen on), held-out half (6-25).
            NearCopyTrials.Outcome dev = lfwStills(trials, 0, 6);
            print("LFW still scenes, development (6 people)", dev, "");
            printKinds(dev);
            if (development) {
                return;
            }
            NearCopyTrials.Outcome held = lfwStills(trials, 6, 20);
            print("LFW still scenes, held out (20 people)", held, "");
            printKinds(held);
            System.out.printf(Locale.ROOT, "threshold %.2f, sibling ratio %.2f, noise margin %.4f; %d comparisons,"
                    + " %.1f ms CPU each on average%n", NearCopy.THRESHOLD, NearCopy.SIBLING_RATIO,
                    NearCopy.NOISE_MARGIN, trials.comparisons(), trials.meanCpuMs());
        }
    }
}
