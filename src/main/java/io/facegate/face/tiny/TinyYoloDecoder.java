package io.facegate.face.tiny;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.facegate.face.Box;
import io.facegate.face.Detection;

/**
 * Turns the raw TinyFaceDetector grid into face boxes in image pixels, as face-api.js does
 * ({@code TinyYolov2Base.extractBoxes}, {@code TinyYolov2Base.detect} and {@code ops/nonMaxSuppression.ts}).
 *
 * <p>For cell (row, col) and anchor a: score = sigmoid(t_s), kept if strictly above the threshold; centre
 * x = (col + sigmoid(t_x)) / cells, width = exp(t_w) · anchor_w / cells (y and height alike), both multiplied by
 * {@code inputSize / reshaped side} to undo the bottom/right padding, where the reshaped side is
 * {@code round(side · inputSize / max(width, height))} as in face-api.js {@code computeReshapedDimensions}. The
 * result is relative to the image and is scaled by its width and height. Non-maximum suppression then takes
 * boxes from the highest score down and drops every remaining box whose IoU with the taken one is above the IoU
 * threshold.
 */
final class TinyYoloDecoder {

    /** Anchor widths and heights in grid cells, face-api.js {@code tinyFaceDetector/const.ts BOX_ANCHORS}. */
    static final double[][] ANCHORS = {
            {1.603231, 2.094468},
            {6.041143, 7.080126},
            {2.882459, 3.518061},
            {4.266906, 5.178857},
            {9.041765, 10.66308},
    };

    private TinyYoloDecoder() {
    }

    /** A box relative to the image (0–1 inside it) with its score. */
    private record Candidate(double x, double y, double width, double height, double score) {
    }

    /**
     * @param grid        network output {@code [1, 5·5, cells, cells]}, row-major
     * @param cells       grid side in cells
     * @param imageWidth  image width in px
     * @param imageHeight image height in px
     * @param options     input size and thresholds
     * @return the detections in image px, highest score first
     */
    static List<Detection> decode(float[] grid, int cells, int imageWidth, int imageHeight,
                                  TinyFaceDetectorOptions options) {
        int inputSize = options.inputSize();
        double scale = (double) inputSize / Math.max(imageWidth, imageHeight);
        double correctionX = (double) inputSize / Math.round(imageWidth * scale);
        double correctionY = (double) inputSize / Math.round(imageHeight * scale);
        int plane = cells * cells;

        List<Candidate> candidates = new ArrayList<>();
        for (int row = 0; row < cells; row++) {
            for (int col = 0; col < cells; col++) {
                int cell = row * cells + col;
                for (int a = 0; a < ANCHORS.length; a++) {
                    int base = a * TinyFaceDetectorGraph.BOX_ENCODING * plane + cell;
                    double score = sigmoid(grid[base + 4 * plane]);
                    if (score <= options.scoreThreshold()) {
                        continue;
                    }
                    double cx = (col + sigmoid(grid[base])) / cells * correctionX;
                    double cy = (row + sigmoid(grid[base + plane])) / cells * correctionY;
                    double w = Math.exp(grid[base + 2 * plane]) * ANCHORS[a][0] / cells * correctionX;
                    double h = Math.exp(grid[base + 3 * plane]) * ANCHORS[a][1] / cells * correctionY;
                    candidates.add(new Candidate(cx - w / 2, cy - h / 2, w, h, score));
                }
            }
        }

        List<Detection> out = new ArrayList<>();
        for (Candidate c : suppress(candidates, options.iouThreshold())) {
            out.add(new Detection(new Box(c.x() * imageWidth, c.y() * imageHeight, c.width() * imageWidth,
                    c.height() * imageHeight), c.score()));
        }
        return out;
    }

    /**
     * Greedy non-maximum suppression in face-api.js order: candidates sorted by ascending score (stable), the
     * last one taken each round, so among equal scores the later candidate wins.
     */
    private static List<Candidate> suppress(List<Candidate> candidates, double iouThreshold) {
        List<Candidate> remaining = new ArrayList<>(candidates);
        remaining.sort(Comparator.comparingDouble(Candidate::score));
        List<Candidate> picked = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Candidate best = remaining.remove(remaining.size() - 1);
            picked.add(best);
            remaining.removeIf(c -> iou(best, c) > iouThreshold);
        }
        return picked;
    }

    private static double iou(Candidate a, Candidate b) {
        double w = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        double h = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        double inter = w * h;
        return inter / (a.width() * a.height() + b.width() * b.height() - inter);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
