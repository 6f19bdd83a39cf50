package io.facegate.face.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.image.NetInput;
import io.facegate.face.image.RgbImage;

/** The similarity fit and chip sampling of {@link AlignedChip}, on synthetic landmarks and images. */
class AlignedChipTest {

    /** dlib's 5-point template scaled to chip px, padding 0.25: (0.25 + p) / 1.5 · 150. */
    private static final double[][] CHIP_POINTS = {
            {(0.25 + 0.8595674595992) / 1.5 * 150, (0.25 + 0.2134981538014) / 1.5 * 150},
            {(0.25 + 0.6460604764104) / 1.5 * 150, (0.25 + 0.2289674387677) / 1.5 * 150},
            {(0.25 + 0.1205750620789) / 1.5 * 150, (0.25 + 0.2137274526848) / 1.5 * 150},
            {(0.25 + 0.3340850613712) / 1.5 * 150, (0.25 + 0.2290642403242) / 1.5 * 150},
            {(0.25 + 0.4901123135679) / 1.5 * 150, (0.25 + 0.6277975316475) / 1.5 * 150}};
    private static final int[] INDICES = {45, 42, 36, 39, 33};

    /** Landmarks whose five alignment points are the template moved by scale s, angle a (rad), shift (tx, ty). */
    private static FaceLandmarks placed(double s, double a, double tx, double ty) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 68; i++) {
            points.add(new Point(0, 0));
        }
        for (int i = 0; i < 5; i++) {
            double u = CHIP_POINTS[i][0];
            double v = CHIP_POINTS[i][1];
            points.set(INDICES[i], new Point(s * (Math.cos(a) * u - Math.sin(a) * v) + tx,
                    s * (Math.sin(a) * u + Math.cos(a) * v) + ty));
        }
        return new FaceLandmarks(points);
    }

    @Test
    void recoversAnExactSimilarity() {
        AlignedChip.Transform t = AlignedChip.transform(placed(0.8, Math.toRadians(20), 37, -12),
                AlignedChip.Template.FIVE_POINT);
        assertThat(t.scale()).isCloseTo(0.8, within(1e-9));
        assertThat(Math.toDegrees(t.angle())).isCloseTo(20, within(1e-9));
        assertThat(t.tx()).isCloseTo(37, within(1e-9));
        assertThat(t.ty()).isCloseTo(-12, within(1e-9));
        Point nose = t.apply(CHIP_POINTS[4][0], CHIP_POINTS[4][1]);
        assertThat(nose.x()).isCloseTo(0.8 * (Math.cos(Math.toRadians(20)) * CHIP_POINTS[4][0]
                - Math.sin(Math.toRadians(20)) * CHIP_POINTS[4][1]) + 37, within(1e-9));
    }

    @Test
    void sixtyEightPointFitIgnoresEyebrowsAndLowerLipAndFollowsTheFace() {
        // A rough face: points on a jittered grid (any shape works for these two properties).
        List<Point> face = new ArrayList<>();
        for (int i = 0; i < 68; i++) {
            face.add(new Point(100 + 7 * (i % 9) + (i * 37 % 5), 120 + 6 * (i / 9) + (i * 11 % 3)));
        }
        AlignedChip.Transform t = AlignedChip.transform(new FaceLandmarks(face), AlignedChip.Template.SIXTY_EIGHT_POINT);

        // Eyebrows (17–26) and lower lip (55–59, 65–67) are not part of dlib's fit.
        List<Point> moved = new ArrayList<>(face);
        for (int i : new int[] {17, 20, 26, 55, 59, 65, 67}) {
            moved.set(i, new Point(-500, 900));
        }
        AlignedChip.Transform same = AlignedChip.transform(new FaceLandmarks(moved),
                AlignedChip.Template.SIXTY_EIGHT_POINT);
        assertThat(same.a()).isCloseTo(t.a(), within(1e-12));
        assertThat(same.tx()).isCloseTo(t.tx(), within(1e-9));

        // Turning the face by 30° and doubling it turns and doubles the chip.
        double c = Math.cos(Math.toRadians(30));
        double sn = Math.sin(Math.toRadians(30));
        List<Point> turned = face.stream().map(p -> new Point(2 * (c * p.x() - sn * p.y()) + 5,
                2 * (sn * p.x() + c * p.y()) - 3)).toList();
        AlignedChip.Transform t2 = AlignedChip.transform(new FaceLandmarks(turned),
                AlignedChip.Template.SIXTY_EIGHT_POINT);
        assertThat(t2.scale()).isCloseTo(2 * t.scale(), within(1e-9));
        assertThat(Math.toDegrees(t2.angle() - t.angle())).isCloseTo(30, within(1e-9));
        Point centre = t.apply(75, 75);
        Point centre2 = t2.apply(75, 75);
        assertThat(centre2.x()).isCloseTo(2 * (c * centre.x() - sn * centre.y()) + 5, within(1e-9));
    }

    @Test
    void identityChipCopiesThePixelsAndBlacksOutTheRest() {
        // A 100×100 image whose red channel is the column and green the row; the chip is the identity transform.
        byte[] rgb = new byte[100 * 100 * 3];
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                rgb[(y * 100 + x) * 3] = (byte) x;
                rgb[(y * 100 + x) * 3 + 1] = (byte) y;
                rgb[(y * 100 + x) * 3 + 2] = (byte) 200;
            }
        }
        RgbImage image = new RgbImage(100, 100, rgb);
        float[] chip = AlignedChip.toNchw(image, AlignedChip.transform(placed(1, 0, 0, 0), AlignedChip.Template.FIVE_POINT),
                new float[] {0, 0, 0}, 1f);
        int plane = 150 * 150;
        assertThat(chip[30 * 150 + 70]).isCloseTo(70f, within(1e-4f));
        assertThat(chip[plane + 30 * 150 + 70]).isCloseTo(30f, within(1e-4f));
        assertThat(chip[2 * plane + 30 * 150 + 70]).isCloseTo(200f, within(1e-4f));
        assertThat(chip[2 * plane + 120 * 150 + 120]).isZero(); // outside the image: black
    }

    /**
     * The definition of a chip value: the mean of k×k bilinear samples (k = ⌈scale⌉, at most 4), each neighbour
     * outside the image black, in doubles; the fast path for samples with every neighbour inside must give the
     * same floats bit for bit.
     */
    @Test
    void sameFloatsAsSamplingEveryNeighbourWithBlackOutside() {
        java.util.Random random = new java.util.Random(5);
        byte[] rgb = new byte[230 * 170 * 3];
        random.nextBytes(rgb);
        RgbImage image = new RgbImage(230, 170, rgb);
        float[] mean = {122.782f, 117.001f, 104.298f};
        // Scale below 1, about 1.7 (k = 2), 3.2 (k = 4); rotated; hanging past the left/top and right/bottom edges.
        AlignedChip.Transform[] transforms = {
            new AlignedChip.Transform(0.7, 0.1, 40.3, 30.7),
            new AlignedChip.Transform(1.65, -0.4, 20.2, 15.9),
            new AlignedChip.Transform(0.2, 1.1, 120.5, -20.25),
            new AlignedChip.Transform(1.1, 0, -30.5, -40.5),
            new AlignedChip.Transform(1.2, 0.3, 120.1, 60.6),
        };
        for (AlignedChip.Transform t : transforms) {
            int k = Math.max(1, Math.min(4, (int) Math.ceil(t.scale() - 1e-9)));
            float[] expected = new float[3 * 150 * 150];
            for (int row = 0; row < 150; row++) {
                for (int col = 0; col < 150; col++) {
                    float[] sum = new float[3];
                    for (int sy = 0; sy < k; sy++) {
                        for (int sx = 0; sx < k; sx++) {
                            double cu = col + (sx + 0.5) / k - 0.5;
                            double cv = row + (sy + 0.5) / k - 0.5;
                            double x = t.a() * cu - t.b() * cv + t.tx();
                            double y = t.b() * cu + t.a() * cv + t.ty();
                            for (int c = 0; c < 3; c++) {
                                float v = 0;
                                if (x > -1 && y > -1 && x < 230 && y < 170) {
                                    int x0 = (int) Math.floor(x);
                                    int y0 = (int) Math.floor(y);
                                    double fx = x - x0;
                                    double fy = y - y0;
                                    double top = value(image, x0, y0, c)
                                            + (value(image, x0 + 1, y0, c) - value(image, x0, y0, c)) * fx;
                                    double bottom = value(image, x0, y0 + 1, c)
                                            + (value(image, x0 + 1, y0 + 1, c) - value(image, x0, y0 + 1, c)) * fx;
                                    v = (float) (top + (bottom - top) * fy);
                                }
                                sum[c] += v;
                            }
                        }
                    }
                    for (int c = 0; c < 3; c++) {
                        expected[c * 150 * 150 + row * 150 + col] = (sum[c] / (k * k) - mean[c]) / 255f;
                    }
                }
            }
            assertThat(AlignedChip.toNchw(image, t, mean, 255f)).as("%s", t).isEqualTo(expected);
        }
    }

    private static double value(RgbImage image, int x, int y, int c) {
        return x < 0 || y < 0 || x >= image.width() || y >= image.height() ? 0 : image.value(x, y, c);
    }

    @Test
    void mirroringTwiceGivesTheChipBack() {
        float[] chip = new float[3 * 150 * 150];
        for (int i = 0; i < chip.length; i++) {
            chip[i] = i;
        }
        float[] once = NetInput.mirrored(chip, AlignedChip.SIZE);
        assertThat(once[0]).isEqualTo(149f);
        assertThat(NetInput.mirrored(once, AlignedChip.SIZE)).containsExactly(chip);
    }

    @Test
    void chipOutsideTheImageIsRefused() {
        RgbImage image = new RgbImage(10, 10, new byte[300]);
        assertThatThrownBy(() -> AlignedChip.toNchw(image,
                AlignedChip.transform(placed(1, 0, 5000, 5000), AlignedChip.Template.FIVE_POINT), new float[3], 1f))
                .isInstanceOf(FaceOutsideImageException.class).hasMessageContaining("whole face");
    }
}
