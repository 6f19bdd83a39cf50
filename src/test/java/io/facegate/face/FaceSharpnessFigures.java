package io.facegate.face;

import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.RgbImage;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.StillAttacks;
import io.facegate.testsupport.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures behind {@link FaceSharpness}'s noise term and {@link EnrollmentRules#DEFAULT}'s sharpness limit
 * (not a test; prints tables): (1) flat grey with Gaussian noise through the face resampling, for face widths
 * 100–400 px: the Laplacian's variance, Immerkær's σ and their ratio (20 for white noise); (2) the demo-photo
 * frames, the same halved (faces ~125 px) and 5 frontal frames of the head-turn clip (×2) as they are, with noise,
 * blurred (Gaussian σ 2, 3, 8 px, 9 px motion), and blurred with noise: the figure before the noise term (what
 * the Laplacian alone gave) and after, and whether setup accepts it (≥ {@code minSharpness}).
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat cp.txt) io.facegate.face.FaceSharpnessFigures}
 * (shared data for the clip: {@code -Dfacegate.shared.data=…}).
 */
public final class FaceSharpnessFigures {

    private FaceSharpnessFigures() {
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        BufferedImage flat = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flat.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        System.out.println("Flat grey with noise (σ per channel): Laplacian variance, Immerkær σ, ratio");
        for (double n : new double[] {3, 6}) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "noise %.0f:", n));
            for (int w : new int[] {100, 130, 160, 200, 250, 300, 400}) {
                RgbImage image = TestImages.of(StillAttacks.noised(flat, n, 3));
                FaceSharpness.Plane plane = FaceSharpness.plane(image, new Box(320 - w / 2.0, 240 - w / 2.0, w, w));
                double lap = FaceSharpness.laplacianVariance(plane);
                double sigma = FaceSharpness.noiseSigma(plane);
                line.append(String.format(Locale.ROOT, "  w%d %.1f / %.2f / %.1f", w, lap, sigma,
                        lap / (sigma * sigma)));
            }
            System.out.println(line);
        }

        Map<String, BufferedImage> frames = new LinkedHashMap<>();
        int i = 0;
        for (FaceSamples.Person p : FaceSamples.distinctPeople(3, 0.8)) {
            frames.put("demo" + i, p.frame());
            frames.put("demo" + i + "/2", LivenessClips.scale(p.frame(), 0.5));
            i++;
        }
        if (LivenessClips.present()) {
            List<BufferedImage> clip = LivenessClips.headTurn(2);
            for (int f : new int[] {0, 2, 30, 56, 72}) {
                frames.put("clip" + f, clip.get(f));
            }
        }
        double limit = EnrollmentRules.DEFAULT.minSharpness();
        System.out.printf(Locale.ROOT, "%nFaces: Laplacian alone -> less the noise term (* = below %.0f: refused)%n",
                limit);
        try (FaceEngine engine = FaceEngine.load(FaceApiReference.models(), 2)) {
            FrameAnalyzer analyzer = new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()), engine,
                    AnalysisOptions.DEFAULT, FrameAnalyzer.Rules.DEFAULT);
            for (Map.Entry<String, BufferedImage> frame : frames.entrySet()) {
                if (!(analyzer.analyze(TestImages.of(frame.getValue())) instanceof FrameAnalyzer.Accepted a)) {
                    System.out.println(frame.getKey() + ": no single face");
                    continue;
                }
                Box box = a.face().detection().box();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s w%3.0f", frame.getKey(),
                        box.width()));
                for (Map.Entry<String, BufferedImage> v : variants(frame.getValue()).entrySet()) {
                    FaceSharpness.Plane plane = FaceSharpness.plane(TestImages.of(v.getValue()), box);
                    double before = FaceSharpness.laplacianVariance(plane);
                    double after = FaceSharpness.of(TestImages.of(v.getValue()), box);
                    line.append(String.format(Locale.ROOT, " | %s %.0f->%.0f%s", v.getKey(), before, after,
                            after < limit ? "*" : ""));
                }
                System.out.println(line);
            }
        }
    }

    private static Map<String, BufferedImage> variants(BufferedImage frame) {
        Map<String, BufferedImage> v = new LinkedHashMap<>();
        v.put("sharp", frame);
        for (double n : new double[] {3, 6, 10}) {
            v.put("sharp+n" + (int) n, StillAttacks.noised(frame, n, 7));
        }
        List<String> blurs = new ArrayList<>(List.of("blur2", "blur3", "blur8", "motion9"));
        for (String b : blurs) {
            v.put(b, blurred(frame, b));
        }
        for (double n : new double[] {2, 4, 8}) {
            for (String b : List.of("blur3", "blur8", "motion9")) {
                v.put(b + "+n" + (int) n, StillAttacks.noised(blurred(frame, b), n, 9));
            }
        }
        return v;
    }

    private static BufferedImage blurred(BufferedImage frame, String kind) {
        return kind.equals("motion9") ? EnrollmentRulesTest.motion(frame, 9)
                : FaceSamples.blurred(frame, Integer.parseInt(kind.substring(4)));
    }
}
