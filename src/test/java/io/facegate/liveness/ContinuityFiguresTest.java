package io.facegate.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.DetectorKind;
import io.facegate.face.Face;
import io.facegate.face.FaceEngine;
import io.facegate.face.image.RgbImage;
import io.facegate.testsupport.ClipEngineTest;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.SharedAnalyses;
import io.facegate.testsupport.StillAttacks;
import io.facegate.testsupport.TestImages;

/**
 * Where the thresholds of {@link SceneContinuityCheck} and {@link LightCheck} come from: their figures on genuine
 * takes (the shared head-turn clip at two scales and three crops, every frame step 2 against the first) and on
 * pairs of photos of one person from LFW (the 6 people with 13–15 photos: different events, as a set of press
 * photos would be). Prints the distributions and checks that the frozen thresholds separate them. Skipped
 * without the shared data.
 */
class ContinuityFiguresTest extends ClipEngineTest {

    static final String[] PEOPLE = {"Silvio_Berlusconi", "Tony_Blair", "Jiang_Zemin", "Jean_Chretien",
            "Jacques_Chirac", "Gerhard_Schroeder"};

    private static final AnalysisOptions OPTIONS = new AnalysisOptions(DetectorKind.TINY, 416, 0.5);

    /** A frame analysed: its face (null when none or several) and its scene sample. */
    record Seen(BufferedImage image, Face face, SceneSample scene) {
    }

    static Seen see(FaceEngine engine, BufferedImage image) {
        BufferedImage decoded = StillAttacks.decode(StillAttacks.jpeg(image, 0.9f));
        RgbImage rgb = TestImages.of(decoded);
        List<Face> faces = engine.analyze(rgb, OPTIONS);
        Face face = faces.size() == 1 ? faces.get(0) : null;
        return new Seen(decoded, face, face == null ? null : SceneSample.of(rgb, face.detection().box()));
    }

    /**
     * {@link #see} of frame {@code i} (0–60, {@link #crop}ped) of the head-turn take {@code take} (scale, share, x
     * offset), once per run: {@code ContinuityAttackTest}, {@code ContinuityFiguresTest} and
     * {@code FaceTrackFiguresTest} judge the same takes, with the same engine set-up ({@link ClipEngineTest}) and
     * {@link #OPTIONS}. The result keeps no image: {@code image()} is null.
     *
     * @param frame the cropped frame, made only when no class has analysed it yet
     */
    static Seen seeTake(SharedAnalyses.Cache cache, FaceEngine engine, double[] take, int i,
                        java.util.function.Supplier<BufferedImage> frame) {
        return cache.get(List.of("head-turn x2 take", take[0], take[1], take[2], i), () -> {
            Seen s = see(engine, frame.get());
            return new Seen(null, s.face(), s.scene());
        });
    }

    /** @return the photos of one LFW person, enlarged ×2 (faces ~200 px, as the clip's) */
    static List<BufferedImage> lfw(String person) {
        Path dir = LivenessClips.dataDir().resolve("lfw/images").resolve(person);
        try (Stream<Path> files = Files.list(dir)) {
            List<BufferedImage> out = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                out.add(LivenessClips.scale(ImageIO.read(p.toFile()), 2));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the clip's frames 0..60 step 2, each {@link #crop}ped */
    static List<BufferedImage> clipTake(List<BufferedImage> clip, double scale, double share, double xOffset) {
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i <= 60; i += 2) {
            out.add(crop(clip.get(i), scale, share, xOffset));
        }
        return out;
    }

    /**
     * @return one clip frame (enlarged ×2) scaled by {@code scale / 2}, then cropped to the given share of width and
     *         height, vertically centred, at x offset {@code xOffset} (0 left edge, 0.5 centred, 1 right edge)
     */
    static BufferedImage crop(BufferedImage frame, double scale, double share, double xOffset) {
        BufferedImage s = LivenessClips.scale(frame, scale / 2);
        int w = (int) (s.getWidth() * share);
        int h = (int) (s.getHeight() * share);
        int x = (int) ((s.getWidth() - w) * xOffset);
        int y = (s.getHeight() - h) / 2;
        BufferedImage c = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        c.getGraphics().drawImage(s.getSubimage(x, y, w, h), 0, 0, null);
        return c;
    }

    static double[] figures(SceneSample a, SceneSample b) {
        double[] fa = a.faceColour();
        double[] fb = b.faceColour();
        double chroma = Math.max(Math.abs(Math.log((Math.max(1, fb[0]) / Math.max(1, fb[1])) / (Math.max(1, fa[0]) / Math.max(1, fa[1])))),
                Math.abs(Math.log((Math.max(1, fb[2]) / Math.max(1, fb[1])) / (Math.max(1, fa[2]) / Math.max(1, fa[1])))));
        return new double[] {SceneContinuityCheck.difference(a, b), LightCheck.backgroundCast(a, b), chroma};
    }

    static String describe(String label, List<double[]> rows) {
        StringBuilder sb = new StringBuilder(label);
        String[] names = {"scene %", "background cast", "face chroma"};
        for (int k = 0; k < 3; k++) {
            final int kk = k;
            double[] v = rows.stream().mapToDouble(r -> r[kk]).filter(x -> !Double.isNaN(x)).sorted().toArray();
            if (v.length == 0) {
                sb.append(String.format("  %s: -", names[k]));
                continue;
            }
            sb.append(String.format("  %s: n=%d min=%.3f p10=%.3f p50=%.3f max=%.3f", names[k], v.length, v[0],
                    v[v.length / 10], v[v.length / 2], v[v.length - 1]));
        }
        return sb.toString();
    }

    @Test
    void genuineTakesStayUnderTheThresholdsAndPhotosOfOnePersonDoNot(SharedAnalyses.Cache cache) {
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        double[][] takes = {{2, 1, 0.5}, {1.5, 1, 0.5}, {2, 0.85, 0.5}, {2, 0.85, 0}, {2, 0.85, 1}, {1.2, 1, 0.5}};
        double genuineScene = 0;
        double genuineCast = 0;
        double genuineChroma = 0;
        for (double[] t : takes) {
            List<Seen> seen = java.util.stream.IntStream.rangeClosed(0, 30)
                    .mapToObj(k -> seeTake(cache, engine, t, 2 * k, () -> crop(clip.get(2 * k), t[0], t[1], t[2])))
                    .toList();
            Seen first = seen.stream().filter(s -> s.face() != null).findFirst().orElseThrow();
            List<double[]> rows = new ArrayList<>();
            for (Seen s : seen) {
                if (s.face() != null && s != first) {
                    rows.add(figures(first.scene(), s.scene()));
                }
            }
            System.out.println(describe(String.format("Genuine take scale %.1f crop %.2f at %.1f:", t[0], t[1], t[2]), rows));
            genuineScene = Math.max(genuineScene, rows.stream().mapToDouble(r -> r[0]).filter(x -> !Double.isNaN(x)).max().orElse(0));
            genuineCast = Math.max(genuineCast, rows.stream().mapToDouble(r -> r[1]).filter(x -> !Double.isNaN(x)).max().orElse(0));
            genuineChroma = Math.max(genuineChroma, rows.stream().mapToDouble(r -> r[2]).max().orElse(0));
        }
        List<double[]> pairs = new ArrayList<>();
        int refusedPairs = 0;
        for (String person : PEOPLE) {
            List<Seen> seen = lfw(person).stream().map(i -> see(engine, i)).filter(s -> s.face() != null).toList();
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < seen.size(); i++) {
                for (int j = i + 1; j < seen.size(); j++) {
                    double[] f = figures(seen.get(i).scene(), seen.get(j).scene());
                    rows.add(f);
                    if (f[0] > SceneContinuityCheck.MAX_SCENE_DIFFERENCE
                            || (!Double.isNaN(f[1]) && f[1] > LightCheck.MAX_BACKGROUND_CAST)
                            || f[2] > LightCheck.MAX_FACE_CHROMA) {
                        refusedPairs++;
                    }
                }
            }
            pairs.addAll(rows);
            System.out.println(describe("LFW " + person + " (" + seen.size() + " photos), pairs:", rows));
        }
        System.out.println(describe("LFW all pairs:", pairs));
        System.out.printf("Genuine maxima: scene %.2f%%, cast %.3f, chroma %.3f; LFW pairs told apart: %d of %d%n",
                genuineScene, genuineCast, genuineChroma, refusedPairs, pairs.size());
        assertThat(genuineScene).isLessThan(SceneContinuityCheck.MAX_SCENE_DIFFERENCE);
        assertThat(genuineCast).isLessThan(LightCheck.MAX_BACKGROUND_CAST);
        assertThat(genuineChroma).isLessThan(LightCheck.MAX_FACE_CHROMA);
        assertThat(refusedPairs).isGreaterThan(pairs.size() * 9 / 10);
        assertThat(Arrays.asList(PEOPLE)).hasSize(6);
    }
}
