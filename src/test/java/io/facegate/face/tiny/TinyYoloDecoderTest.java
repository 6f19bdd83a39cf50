package io.facegate.face.tiny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.Detection;

/** The grid decoding and non-maximum suppression on hand-made network outputs. */
class TinyYoloDecoderTest {

    private static final int CELLS = 13;
    private static final int PLANE = CELLS * CELLS;

    /** A grid where every score is sigmoid(−10) ≈ 0.00005 and every offset 0. */
    private static float[] emptyGrid() {
        float[] grid = new float[25 * PLANE];
        for (int a = 0; a < 5; a++) {
            Arrays.fill(grid, (a * 5 + 4) * PLANE, (a * 5 + 5) * PLANE, -10f);
        }
        return grid;
    }

    private static void set(float[] grid, int row, int col, int anchor, float tx, float ty, float tw, float th,
                            float ts) {
        int cell = row * CELLS + col;
        float[] values = {tx, ty, tw, th, ts};
        for (int k = 0; k < 5; k++) {
            grid[(anchor * 5 + k) * PLANE + cell] = values[k];
        }
    }

    @Test
    void decodesOneBoxOnASquareImage() {
        float[] grid = emptyGrid();
        set(grid, 6, 6, 0, 0, 0, 0, 0, 2);
        List<Detection> out = TinyYoloDecoder.decode(grid, CELLS, 416, 416, TinyFaceDetectorOptions.DEFAULTS);
        assertEquals(1, out.size());
        Detection d = out.get(0);
        // centre (6 + 0.5)/13 of 416 = 208 px; size = anchor 0 (1.603231 x 2.094468 cells) x 32 px
        assertEquals(208 - 1.603231 * 16, d.box().x(), 1e-9);
        assertEquals(208 - 2.094468 * 16, d.box().y(), 1e-9);
        assertEquals(1.603231 * 32, d.box().width(), 1e-9);
        assertEquals(2.094468 * 32, d.box().height(), 1e-9);
        assertEquals(1 / (1 + Math.exp(-2)), d.score(), 1e-12);
    }

    @Test
    void undoesTheBottomPaddingOfAWideImage() {
        // 1000x500: the image fills the top half of the 416 square (reshaped 416x208), so y is stretched by 2
        float[] grid = emptyGrid();
        set(grid, 3, 6, 1, 0, 0, 0, 0, 3);
        List<Detection> out = TinyYoloDecoder.decode(grid, CELLS, 1000, 500, TinyFaceDetectorOptions.DEFAULTS);
        assertEquals(1, out.size());
        double w = 6.041143 / 13 * 1000;
        double h = 7.080126 / 13 * 2 * 500;
        assertEquals(6.5 / 13 * 1000 - w / 2, out.get(0).box().x(), 1e-9);
        assertEquals(3.5 / 13 * 2 * 500 - h / 2, out.get(0).box().y(), 1e-9);
        assertEquals(w, out.get(0).box().width(), 1e-9);
        assertEquals(h, out.get(0).box().height(), 1e-9);
    }

    @Test
    void keepsOnlyScoresStrictlyAboveTheThreshold() {
        float[] grid = emptyGrid();
        set(grid, 2, 2, 0, 0, 0, 0, 0, 0); // sigmoid(0) = 0.5, not above 0.5
        set(grid, 9, 9, 0, 0, 0, 0, 0, 0.1f);
        List<Detection> out = TinyYoloDecoder.decode(grid, CELLS, 416, 416, TinyFaceDetectorOptions.DEFAULTS);
        assertEquals(1, out.size());
        assertEquals(9.5 * 32, out.get(0).box().centreX(), 1e-9);
    }

    @Test
    void suppressesOverlapsAndSortsByScore() {
        float[] grid = emptyGrid();
        set(grid, 6, 6, 4, 0, 0, 0, 0, 1);      // big box, score 0.73
        set(grid, 6, 6, 3, 0, 0, 0, 0, 2);      // same centre, IoU with the big one 0.23: kept
        set(grid, 6, 7, 3, 0, 0, 0, 0, 1.5f);   // shifted one cell (32 px) from the last: IoU 0.60, dropped
        set(grid, 0, 0, 0, 0, 0, 0, 0, 0.5f);   // far away: kept
        List<Detection> out = TinyYoloDecoder.decode(grid, CELLS, 416, 416, TinyFaceDetectorOptions.DEFAULTS);
        assertEquals(3, out.size());
        assertEquals(1 / (1 + Math.exp(-2)), out.get(0).score(), 1e-12);
        assertEquals(1 / (1 + Math.exp(-1)), out.get(1).score(), 1e-12);
        assertEquals(1 / (1 + Math.exp(-0.5)), out.get(2).score(), 1e-12);
        assertTrue(out.get(0).box().iou(out.get(1).box()) <= 0.4);
    }
}
