package io.facegate.face;

import io.facegate.face.image.RgbImage;

/**
 * How sharp a face is: the variance of the Laplacian of the grey (BT.601 luma) face, less what the picture's noise
 * puts into it, measured on the inner part of the face box resampled to at most {@value #SIDE}×{@value #SIDE} px.
 * A blurred picture (moving head, out of focus) has weak second derivatives, so a low variance.
 *
 * <p>Resampling to a fixed size makes the figure independent of how big the face is in the frame: what counts is
 * the detail at about the resolution of the recognition crop (150 px), not the camera's pixel count. A face whose
 * inner part is smaller than {@value #SIDE} px is measured at its own size instead (never enlarged: enlarging
 * smooths the noise into something that looks like detail to both measures below). The inner {@value #INNER} of
 * the box (eyes, nose, mouth) is used so that background edges around the head do not count. Laplacian kernel:
 * 4-neighbour {@code [0 1 0; 1 −4 1; 0 1 0]}, on luma 0–255.
 *
 * <p><b>Noise.</b> Sensor noise is detail to the Laplacian: Gaussian noise of σ adds 20σ² to its variance (the
 * kernel's squared weights sum to 1 + 1 + 1 + 1 + 16), so a blurred face with noise added measured as sharp. The
 * noise's σ is estimated on the same grey plane with Immerkær's operator ({@code [1 −2 1; −2 4 −2; 1 −2 1]}, which
 * cancels edges and ramps: σ ≈ √(π/2) · mean |response| / 6; J. Immerkær, "Fast Noise Variance Estimation",
 * Computer Vision and Image Understanding 64(2), 1996), and {@value #NOISE_WEIGHT}σ² is subtracted. Measured
 * (bench {@code FaceSharpnessFigures}): flat grey with noise, faces 160–400 px wide, the ratio of the two is
 * 19.9–23.4, so what noise leaves is within a fifth of its σ².
 *
 * <p>The figure also grows with the face's contrast (it scales with contrast²): a sharp but flat-lit face scores
 * lower than a sharp, contrasted one. Measured values are in {@link EnrollmentRules#DEFAULT}.
 */
public final class FaceSharpness {

    /** Largest side of the resampled face, px. */
    public static final int SIDE = 128;
    /** Fraction of the face box's width and height (centred) that is measured. */
    public static final double INNER = 0.8;
    /** Variance the Laplacian gives white noise of σ = 1: the sum of its kernel's squared weights. */
    public static final double NOISE_WEIGHT = 20;

    private FaceSharpness() {
    }

    /**
     * @param image the frame
     * @param box   a face box in it, px (parts outside the frame read the nearest edge pixel)
     * @return the variance of the Laplacian of the resampled grey face less {@value #NOISE_WEIGHT}σ² of its
     *         estimated noise, in (luma units)², ≥ 0
     */
    public static double of(RgbImage image, Box box) {
        Plane plane = plane(image, box);
        return Math.max(0, laplacianVariance(plane) - NOISE_WEIGHT * square(noiseSigma(plane)));
    }

    /** The inner face's grey plane, {@code side}×{@code side}, row by row. */
    record Plane(double[] grey, int side) {
    }

    /** The inner part of the box resampled to at most {@value #SIDE} px a side, never enlarged. */
    static Plane plane(RgbImage image, Box box) {
        double w = box.width() * INNER;
        double h = box.height() * INNER;
        double x0 = box.centreX() - w / 2;
        double y0 = box.centreY() - h / 2;
        int side = Math.max(8, Math.min(SIDE, (int) Math.floor(Math.min(w, h))));
        double[] grey = new double[side * side];
        for (int j = 0; j < side; j++) {
            double sy = y0 + (j + 0.5) * h / side - 0.5;
            for (int i = 0; i < side; i++) {
                double sx = x0 + (i + 0.5) * w / side - 0.5;
                grey[j * side + i] = bilinearLuma(image, sx, sy);
            }
        }
        return new Plane(grey, side);
    }

    /** Variance of the 4-neighbour Laplacian over the plane's inner pixels. */
    static double laplacianVariance(Plane plane) {
        double[] grey = plane.grey();
        int side = plane.side();
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (int j = 1; j < side - 1; j++) {
            for (int i = 1; i < side - 1; i++) {
                int k = j * side + i;
                double lap = grey[k - 1] + grey[k + 1] + grey[k - side] + grey[k + side] - 4 * grey[k];
                sum += lap;
                sumSq += lap * lap;
                n++;
            }
        }
        double mean = sum / n;
        return Math.max(0, sumSq / n - mean * mean);
    }

    /** Immerkær's estimate of the plane's Gaussian noise σ, luma units. */
    static double noiseSigma(Plane plane) {
        double[] grey = plane.grey();
        int side = plane.side();
        double sum = 0;
        for (int j = 1; j < side - 1; j++) {
            for (int i = 1; i < side - 1; i++) {
                int k = j * side + i;
                double r = grey[k - side - 1] - 2 * grey[k - side] + grey[k - side + 1]
                        - 2 * grey[k - 1] + 4 * grey[k] - 2 * grey[k + 1]
                        + grey[k + side - 1] - 2 * grey[k + side] + grey[k + side + 1];
                sum += Math.abs(r);
            }
        }
        return Math.sqrt(Math.PI / 2) * sum / (6.0 * (side - 2) * (side - 2));
    }

    private static double square(double v) {
        return v * v;
    }

    private static double bilinearLuma(RgbImage image, double x, double y) {
        int xa = (int) Math.floor(x);
        int ya = (int) Math.floor(y);
        double fx = x - xa;
        double fy = y - ya;
        double top = (1 - fx) * luma(image, xa, ya) + fx * luma(image, xa + 1, ya);
        double bottom = (1 - fx) * luma(image, xa, ya + 1) + fx * luma(image, xa + 1, ya + 1);
        return (1 - fy) * top + fy * bottom;
    }

    private static double luma(RgbImage image, int x, int y) {
        int cx = Math.max(0, Math.min(image.width() - 1, x));
        int cy = Math.max(0, Math.min(image.height() - 1, y));
        return 0.299 * image.value(cx, cy, 0) + 0.587 * image.value(cx, cy, 1) + 0.114 * image.value(cx, cy, 2);
    }
}
