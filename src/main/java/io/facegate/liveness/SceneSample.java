package io.facegate.liveness;

import io.facegate.face.Box;
import io.facegate.face.image.RgbImage;

/**
 * A coarse picture of one frame's scene, kept for the continuity checks instead of the frame: the mean colour of
 * each cell of a {@value #COLS}×{@value #ROWS} grid, and the face box in grid units.
 *
 * @param width  the frame's width, px
 * @param height the frame's height, px
 * @param cells  mean R, G, B (0–255) per cell, row-major, {@code 3 × COLS × ROWS} values
 * @param face   the face box in grid units (x in 0..COLS, y in 0..ROWS)
 */
public record SceneSample(int width, int height, float[] cells, Box face) {

    /** Grid columns (32: cells of 20 px on a 640 px frame, several per face width). */
    public static final int COLS = 32;
    /** Grid rows (24). */
    public static final int ROWS = 24;

    /**
     * @param image the decoded frame
     * @param face  its face box, px
     * @return the sample (reads every second pixel of every second row: ≤ 80,000 reads for 640×480)
     */
    public static SceneSample of(RgbImage image, Box face) {
        float[] sums = new float[3 * COLS * ROWS];
        int[] counts = new int[COLS * ROWS];
        byte[] rgb = image.rgb();
        for (int y = 0; y < image.height(); y += 2) {
            int row = Math.min(ROWS - 1, y * ROWS / image.height());
            for (int x = 0; x < image.width(); x += 2) {
                int col = Math.min(COLS - 1, x * COLS / image.width());
                int cell = row * COLS + col;
                int p = 3 * (y * image.width() + x);
                sums[3 * cell] += rgb[p] & 0xff;
                sums[3 * cell + 1] += rgb[p + 1] & 0xff;
                sums[3 * cell + 2] += rgb[p + 2] & 0xff;
                counts[cell]++;
            }
        }
        for (int cell = 0; cell < counts.length; cell++) {
            int n = Math.max(1, counts[cell]);
            for (int c = 0; c < 3; c++) {
                sums[3 * cell + c] /= n;
            }
        }
        double sx = (double) COLS / image.width();
        double sy = (double) ROWS / image.height();
        return new SceneSample(image.width(), image.height(), sums,
                new Box(face.x() * sx, face.y() * sy, face.width() * sx, face.height() * sy));
    }

    /** @return this sample flipped left to right (what a mirrored frame of the same scene gives) */
    public SceneSample mirrored() {
        float[] out = new float[cells.length];
        for (int row = 0; row < ROWS; row++) {
            for (int col = 0; col < COLS; col++) {
                int from = 3 * (row * COLS + col);
                int to = 3 * (row * COLS + (COLS - 1 - col));
                System.arraycopy(cells, from, out, to, 3);
            }
        }
        return new SceneSample(width, height, out, new Box(COLS - face.x() - face.width(), face.y(), face.width(),
                face.height()));
    }

    /**
     * Whether a cell may show the head or the body under it: the face box widened by 40% of its width on each
     * side and 40% of its height above, and below the face a band 1.5 face widths to each side of its centre (the
     * shoulders) down to the bottom.
     *
     * @param col cell column
     * @param row cell row
     * @return whether the cell is part of the person rather than the background
     */
    public boolean person(int col, int row) {
        double x0 = face.x();
        double w = face.width();
        double h = face.height();
        boolean head = col + 1 > x0 - 0.4 * w && col < x0 + 1.4 * w && row + 1 > face.y() - 0.4 * h
                && row < face.y() + h;
        double cx = x0 + w / 2;
        boolean body = row + 1 > face.y() + 0.8 * h && col + 1 > cx - 1.5 * w && col < cx + 1.5 * w;
        return head || body;
    }

    /**
     * Mean colour of the face box's central half (cheeks, nose), R, G, B 0–255.
     *
     * @return three values
     */
    public double[] faceColour() {
        double[] sum = new double[3];
        int n = 0;
        for (int row = 0; row < ROWS; row++) {
            for (int col = 0; col < COLS; col++) {
                double cx = col + 0.5;
                double cy = row + 0.5;
                if (cx > face.x() + 0.25 * face.width() && cx < face.x() + 0.75 * face.width()
                        && cy > face.y() + 0.25 * face.height() && cy < face.y() + 0.75 * face.height()) {
                    for (int c = 0; c < 3; c++) {
                        sum[c] += cells[3 * (row * COLS + col) + c];
                    }
                    n++;
                }
            }
        }
        if (n == 0) {
            int col = Math.max(0, Math.min(COLS - 1, (int) (face.x() + face.width() / 2)));
            int row = Math.max(0, Math.min(ROWS - 1, (int) (face.y() + face.height() / 2)));
            return new double[] {cells[3 * (row * COLS + col)], cells[3 * (row * COLS + col) + 1],
                    cells[3 * (row * COLS + col) + 2]};
        }
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }
}
