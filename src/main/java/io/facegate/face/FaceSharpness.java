package io.facegate.face;

import io.facegate.face.image.RgbImage;

/**
 * How sharp a face is: the variance of the Laplacian of the grey (BT.601 luma) face, measured on the inner part
 * of the face box resampled to {@value #SIDE}×{@value #SIDE} px. A blurred picture (moving head, out of focus)
 * has weak second derivatives, so a low variance.
 *
 * <p>Resampling to a fixed size makes the figure independent of how big the face is in the frame: what counts is
 * the detail at about the resolution of the recognition crop (150 px), not the camera's pixel count. The inner
 * {@value #INNER} of the box (eyes, nose, mouth) is used so that background edges around the head do not count.
 * Laplacian kernel: 4-neighbour {@code [0 1 0; 1 −4 1; 0 1 0]}, on luma 0–255.
 *
 * <p>The figure also grows with the face's contrast (it scales with contrast²): a sharp but flat-lit face scores
 * lower than a sharp, contrasted one. Measured values are in {@link EnrollmentRules#DEFAULT}.
 */
public final class FaceSharpness {

    /** Side of the resampled face, px. */
    public static final int SIDE = 128;
    /** Fraction of the face box's width and height (centred) that is measured. */
    public static final double INNER = 0.8;

    private FaceSharpness() {
    }

    /**
     * @param image the frame
     * @param box   a face box in it, px (parts outside the frame read the nearest edge pixel)
     * @return the variance of the Laplacian of the resampled grey face, in (luma units)², ≥ 0
     */
    public static double of(RgbImage image, Box box) {
        double w = box.width() * INNER;
        double h = box.height() * INNER;
        double x0 = box.centreX() - w / 2;
        double y0 = box.centreY() - h / 2;
        double[] grey = new double[SIDE * SIDE];
        for (int j = 0; j < SIDE; j++) {
            double sy = y0 + (j + 0.5) * h / SIDE - 0.5;
            for (int i = 0; i < SIDE; i++) {
                double sx = x0 + (i + 0.5) * w / SIDE - 0.5;
                grey[j * SIDE + i] = bilinearLuma(image, sx, sy);
            }
        }
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (int j = 1; j < SIDE - 1; j++) {
            for (int i = 1; i < SIDE - 1; i++) {
                int k = j * SIDE + i;
                double lap = grey[k - 1] + grey[k + 1] + grey[k - SIDE] + grey[k + SIDE] - 4 * grey[k];
                sum += lap;
                sumSq += lap * lap;
                n++;
            }
        }
        double mean = sum / n;
        return Math.max(0, sumSq / n - mean * mean);
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
