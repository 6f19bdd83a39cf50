package io.facegate.cli;

import java.util.ArrayList;
import java.util.List;

import io.facegate.face.Box;
import io.facegate.face.Detection;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.image.RgbImage;

/**
 * A stand-in {@link FaceAnalyzer} for the command-line formatting tests only (the networks are tested
 * elsewhere): an image whose pixel (0,0) is black has no face; any other has one face at box (10, 20, 30, 40)
 * with score 0.75, landmarks (i, 2i), and a descriptor of 128 equal values = red level of pixel (0,0) / 255.
 * So two flat gray images at levels a and b are at distance √128·|a − b|/255.
 */
final class GrayLevelAnalyzer implements FaceAnalyzer {

    @Override
    public List<Detection> detect(RgbImage image, DetectorSettings settings) {
        if (image.value(0, 0, 0) == 0) {
            return List.of();
        }
        return List.of(new Detection(new Box(10, 20, 30, 40), 0.75));
    }

    @Override
    public FaceLandmarks landmarks(RgbImage image, Detection detection) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            points.add(new Point(i, 2 * i));
        }
        return new FaceLandmarks(points);
    }

    @Override
    public float[] descriptor(RgbImage image, FaceLandmarks landmarks) {
        float[] d = new float[128];
        java.util.Arrays.fill(d, image.value(0, 0, 0) / 255f);
        return d;
    }
}
