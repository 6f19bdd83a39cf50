package io.facegate.face.ssd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.facegate.face.Box;

/**
 * Post-processing of the SSD outputs exactly as face-api.js ({@code outputLayer.ts}, {@code nonMaxSuppression.ts},
 * {@code SsdMobilenetv1.locateFaces}). Boxes are {@code [ymin, xmin, ymax, xmax]} quadruples, relative to the
 * padded square (0–1), row-major in a {@code float[n·4]}.
 */
final class SsdPostProcessing {

    /** IoU above which a lower-scoring box is suppressed ({@code locateFaces}: {@code iouThreshold = 0.5}). */
    static final double IOU_THRESHOLD = 0.5;
    /** Box-coder scales of the centre offsets (divide ty, tx by 10) and sizes (divide th, tw by 5). */
    private static final float CENTRE_SCALE = 10f;
    private static final float SIZE_SCALE = 5f;

    private SsdPostProcessing() {
    }

    /**
     * Decodes the box encodings against the anchors ({@code decodeBoxesLayer}): with an anchor of centre
     * (cy, cx) and size (h, w), centre = (ty/10·h + cy, tx/10·w + cx), size = (exp(th/5)·h, exp(tw/5)·w).
     * Computed in float32 like TF.js.
     *
     * @param encodings {@code float[n·4]} (ty, tx, th, tw) per anchor
     * @param anchors   {@code float[n·4]} anchors (box priors, {@code Output/extra_dim}) as [ymin, xmin, ymax, xmax]
     * @return {@code float[n·4]} boxes [ymin, xmin, ymax, xmax], relative to the padded square
     */
    static float[] decodeBoxes(float[] encodings, float[] anchors) {
        if (encodings.length != anchors.length) {
            throw new IllegalArgumentException(
                    "Got " + encodings.length / 4 + " box encodings for " + anchors.length / 4 + " anchors");
        }
        float[] boxes = new float[encodings.length];
        for (int i = 0; i < encodings.length; i += 4) {
            float h = anchors[i + 2] - anchors[i];
            float w = anchors[i + 3] - anchors[i + 1];
            float cy = anchors[i] + h / 2;
            float cx = anchors[i + 1] + w / 2;
            float halfH = (float) Math.exp(encodings[i + 2] / SIZE_SCALE) * h / 2;
            float y = encodings[i] / CENTRE_SCALE * h + cy;
            float halfW = (float) Math.exp(encodings[i + 3] / SIZE_SCALE) * w / 2;
            float x = encodings[i + 1] / CENTRE_SCALE * w + cx;
            boxes[i] = y - halfH;
            boxes[i + 1] = x - halfW;
            boxes[i + 2] = y + halfH;
            boxes[i + 3] = x + halfW;
        }
        return boxes;
    }

    /**
     * @param classLogits {@code float[n·3]} logits (background, face, unused) per anchor
     * @return {@code float[n]} face scores, the sigmoid of the second logit
     */
    static float[] faceScores(float[] classLogits) {
        float[] scores = new float[classLogits.length / 3];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) (1 / (1 + Math.exp(-classLogits[i * 3 + 1])));
        }
        return scores;
    }

    /**
     * Greedy non-maximum suppression of face-api.js: candidates scoring strictly above {@code minScore}, by
     * descending score (ties keep anchor order), each kept unless its IoU with an already kept box exceeds
     * {@code iouThreshold}; stops at {@code maxResults}.
     *
     * @return indices of the kept boxes, highest score first
     */
    static List<Integer> nonMaxSuppression(float[] boxes, float[] scores, int maxResults, double iouThreshold,
                                           double minScore) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > minScore) {
                candidates.add(i);
            }
        }
        candidates.sort(Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        int limit = Math.min(maxResults, scores.length);
        List<Integer> selected = new ArrayList<>();
        for (int c : candidates) {
            if (selected.size() >= limit) {
                break;
            }
            boolean keep = true;
            for (int j = selected.size() - 1; j >= 0 && keep; j--) {
                keep = iou(boxes, c, selected.get(j)) <= iouThreshold;
            }
            if (keep) {
                selected.add(c);
            }
        }
        return selected;
    }

    /**
     * IoU of boxes i and j as {@code nonMaxSuppression.ts} computes it (corners re-ordered, 0 if either box has
     * no area).
     */
    static double iou(float[] boxes, int i, int j) {
        double yMinI = Math.min(boxes[i * 4], boxes[i * 4 + 2]);
        double xMinI = Math.min(boxes[i * 4 + 1], boxes[i * 4 + 3]);
        double yMaxI = Math.max(boxes[i * 4], boxes[i * 4 + 2]);
        double xMaxI = Math.max(boxes[i * 4 + 1], boxes[i * 4 + 3]);
        double yMinJ = Math.min(boxes[j * 4], boxes[j * 4 + 2]);
        double xMinJ = Math.min(boxes[j * 4 + 1], boxes[j * 4 + 3]);
        double yMaxJ = Math.max(boxes[j * 4], boxes[j * 4 + 2]);
        double xMaxJ = Math.max(boxes[j * 4 + 1], boxes[j * 4 + 3]);
        double areaI = (yMaxI - yMinI) * (xMaxI - xMinI);
        double areaJ = (yMaxJ - yMinJ) * (xMaxJ - xMinJ);
        if (areaI <= 0 || areaJ <= 0) {
            return 0;
        }
        double inter = Math.max(Math.min(yMaxI, yMaxJ) - Math.max(yMinI, yMinJ), 0)
                * Math.max(Math.min(xMaxI, xMaxJ) - Math.max(xMinI, xMinJ), 0);
        return inter / (areaI + areaJ - inter);
    }

    /**
     * Maps box i to image pixels as {@code locateFaces} does: clip to [0, 1], undo the bottom/right padding by
     * multiplying with {@code 512 / reshaped side} (reshaped side = {@code round(side · 512 / longest side)}, as
     * {@code computeReshapedDimensions}), then scale by the image size.
     *
     * @param imageWidth  image width in px
     * @param imageHeight image height in px
     * @return the box in image pixels
     */
    static Box toImageBox(float[] boxes, int i, int imageWidth, int imageHeight) {
        double scale = (double) SsdMobilenetV1Graph.INPUT_SIZE / Math.max(imageWidth, imageHeight);
        double padX = SsdMobilenetV1Graph.INPUT_SIZE / (double) Math.round(imageWidth * scale);
        double padY = SsdMobilenetV1Graph.INPUT_SIZE / (double) Math.round(imageHeight * scale);
        double top = Math.max(0, boxes[i * 4]) * padY;
        double bottom = Math.min(1.0, boxes[i * 4 + 2]) * padY;
        double left = Math.max(0, boxes[i * 4 + 1]) * padX;
        double right = Math.min(1.0, boxes[i * 4 + 3]) * padX;
        return new Box(left * imageWidth, top * imageHeight, (right - left) * imageWidth,
                (bottom - top) * imageHeight);
    }
}
