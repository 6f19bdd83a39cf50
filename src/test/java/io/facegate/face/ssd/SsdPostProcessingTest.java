package io.facegate.face.ssd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.Box;

/** The face-api.js post-processing rules, on hand-made boxes whose results can be worked out by hand. */
class SsdPostProcessingTest {

    private static final float[] ANCHOR = {0.2f, 0.4f, 0.4f, 0.8f}; // centre (0.3, 0.6), size 0.2 × 0.4

    @Test
    void zeroEncodingGivesTheAnchorItself() {
        assertArrayEquals(ANCHOR, SsdPostProcessing.decodeBoxes(new float[4], ANCHOR), 1e-6f);
    }

    @Test
    void encodingsAreScaledBy10ForCentresAnd5ForSizes() {
        // ty = 10 moves the centre down by one anchor height; tw = 5·ln 2 doubles the width.
        float[] enc = {10f, 0f, 0f, (float) (5 * Math.log(2))};
        float[] box = SsdPostProcessing.decodeBoxes(enc, ANCHOR);
        assertArrayEquals(new float[] {0.4f, 0.2f, 0.6f, 1.0f}, box, 1e-6f);
    }

    @Test
    void faceScoreIsTheSigmoidOfTheSecondLogit() {
        float[] scores = SsdPostProcessing.faceScores(new float[] {9f, 0f, 9f, -9f, (float) Math.log(3), 9f});
        assertArrayEquals(new float[] {0.5f, 0.75f}, scores, 1e-6f);
    }

    @Test
    void suppressesOverlapAboveHalfKeepsExactlyHalfAndNeedsScoreAboveThreshold() {
        float[] boxes = {
            0f, 0f, 1f, 1f,        // 0
            0f, 0f, 1f, 0.7f,      // 1: IoU 0.7 with box 0
            0f, 0f, 1f, 0.5f,      // 2: IoU exactly 0.5 with box 0 (only IoU > 0.5 suppresses)
            2f, 2f, 3f, 3f,        // 3: score equal to the threshold → not a candidate
            5f, 5f, 4f, 4f,        // 4: corners swapped, no overlap → kept
        };
        float[] scores = {0.9f, 0.95f, 0.6f, 0.5f, 0.7f};
        // Box 1 scores highest: kept first, it suppresses box 0 (IoU 0.7) and box 2 (IoU 0.5/0.7).
        assertEquals(List.of(1, 4), SsdPostProcessing.nonMaxSuppression(boxes, scores, 100, 0.5, 0.5));
        // Without box 1 (below the threshold): box 0 first, box 2 survives at IoU 0.5; maxResults cuts the list.
        scores[1] = 0.1f;
        assertEquals(List.of(0, 4, 2), SsdPostProcessing.nonMaxSuppression(boxes, scores, 100, 0.5, 0.5));
        assertEquals(List.of(0, 4), SsdPostProcessing.nonMaxSuppression(boxes, scores, 2, 0.5, 0.5));
    }

    @Test
    void iouReordersCornersAndIsZeroForEmptyBoxes() {
        float[] boxes = {0f, 0f, 2f, 2f, 3f, 3f, 1f, 1f, 0f, 0f, 0f, 1f};
        assertEquals(1.0 / 7, SsdPostProcessing.iou(boxes, 0, 1), 1e-12);
        assertEquals(0.0, SsdPostProcessing.iou(boxes, 0, 2));
    }

    @Test
    void mapsBoxesToPixelsUndoingBottomPadding() {
        // 1000×500: the padded square is 1000 px, the image fills the top 256 of 512 rows, so padY = 2.
        float[] boxes = {0.1f, 0.2f, 0.3f, 0.5f, -0.1f, -0.2f, 0.6f, 1.3f};
        assertBox(new Box(200, 100, 300, 200), SsdPostProcessing.toImageBox(boxes, 0, 1000, 500));
        // Clipped to [0, 1] of the square first: y 0..0.6 of 1000 px, x 0..1000.
        assertBox(new Box(0, 0, 1000, 600), SsdPostProcessing.toImageBox(boxes, 1, 1000, 500));
    }

    @Test
    void rejectsEncodingsThatDoNotMatchTheAnchors() {
        assertThrows(IllegalArgumentException.class, () -> SsdPostProcessing.decodeBoxes(new float[8], ANCHOR));
    }

    private static void assertBox(Box expected, Box actual) {
        assertEquals(expected.x(), actual.x(), 1e-4, "x");
        assertEquals(expected.y(), actual.y(), 1e-4, "y");
        assertEquals(expected.width(), actual.width(), 1e-4, "width");
        assertEquals(expected.height(), actual.height(), 1e-4, "height");
    }
}
