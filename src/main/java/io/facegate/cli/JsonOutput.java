package io.facegate.cli;

import java.util.List;

import io.facegate.face.Box;
import io.facegate.face.Face;
import io.facegate.face.Point;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON written by the commands. {@code describe} writes JSON Lines, one object per image:
 * <pre>{"file":"a.jpg","width":640,"height":480,"faces":[{"box":{"x":..,"y":..,"width":..,"height":..},
 *  "score":0.93,"landmarks":[[x,y] ×68],"descriptor":[128 numbers]}]}</pre>
 * Boxes and landmarks are in px of the upright image (EXIF orientation applied); faces highest score first.
 * This is the shape of face-api.js's results in {@code reference.json}, so both can be compared directly.
 */
public final class JsonOutput {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonOutput() {
    }

    /**
     * @param file   the image path as given on the command line
     * @param width  upright width in px
     * @param height upright height in px
     * @param faces  one entry per face
     */
    public record ImageJson(String file, int width, int height, List<FaceJson> faces) {
    }

    /**
     * @param box        face box in px
     * @param score      detector score 0–1
     * @param landmarks  68 {@code [x, y]} pairs in px
     * @param descriptor {@code float[128]}
     */
    public record FaceJson(BoxJson box, double score, double[][] landmarks, float[] descriptor) {
    }

    /** A box in px. */
    public record BoxJson(double x, double y, double width, double height) {
    }

    /**
     * @return the {@code describe} line for one image, without a line break
     */
    public static String describeLine(String file, int width, int height, List<Face> faces) {
        List<FaceJson> json = faces.stream().map(JsonOutput::face).toList();
        return MAPPER.writeValueAsString(new ImageJson(file, width, height, json));
    }

    /**
     * Builds the mapper and its serializers for {@link #describeLine}'s records by writing one small line and
     * dropping it: Jackson's start-up (a few hundred classes, reflection on the records), which {@code describe}
     * would otherwise pay after its first image, before printing it. Output is unchanged: the same mapper writes.
     */
    public static void warmUp() {
        write(new ImageJson("", 1, 1, List.of(new FaceJson(new BoxJson(0, 0, 1, 1), 0.5,
                new double[][] {{0, 0}}, new float[] {0f}))));
    }

    /** @return {@code value} as compact JSON */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    private static FaceJson face(Face f) {
        Box b = f.detection().box();
        List<Point> points = f.landmarks().points();
        double[][] landmarks = new double[points.size()][];
        for (int i = 0; i < landmarks.length; i++) {
            landmarks[i] = new double[] {points.get(i).x(), points.get(i).y()};
        }
        return new FaceJson(new BoxJson(b.x(), b.y(), b.width(), b.height()), f.detection().score(), landmarks,
                f.descriptor());
    }
}
