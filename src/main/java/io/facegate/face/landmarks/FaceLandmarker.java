package io.facegate.face.landmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.facegate.face.Box;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.image.NetInput;
import io.facegate.face.image.RgbImage;
import io.facegate.face.onnx.OnnxNetwork;
import io.facegate.face.weights.ModelSource;
import io.facegate.face.weights.TfjsWeights;

/**
 * face-api.js's FaceLandmark68Net (weights {@code face_landmark_68_model}) on ONNX Runtime: the 68 landmarks of
 * one face, given its detection box.
 *
 * <p>As face-api.js does it ({@code extractFaceTensors}, {@code Box.clipAtImageBorders},
 * {@code FaceFeatureExtractor.forwardInput}, {@code FaceLandmark68NetBase.postProcess},
 * {@code extendWithFaceLandmarks}):
 * <ol>
 *   <li>the box is clipped to the image, then its x, y, width and height are each floored: that is the crop;</li>
 *   <li>the crop is padded with zeros to a centred square, resized to 112×112 (TF legacy bilinear), the mean RGB
 *       (122.782, 117.001, 104.298) subtracted and the result divided by 255;</li>
 *   <li>each output (relative to the 112-px square) becomes {@code (o·112 − pad) / (side·112/max(w,h))} with
 *       {@code pad = |w−h|·112/max(w,h)/2} on the shorter side (not rounded), i.e. relative to the crop;</li>
 *   <li>image px = relative × crop size + the <em>given box's</em> x, y (face-api.js shifts by the unclipped,
 *       unfloored detection box, not by the crop's origin; kept for parity, so points may be off by under 1 px,
 *       or more when the box starts left of or above the image).</li>
 * </ol>
 * Thread-safe; close it to free the session.
 */
public final class FaceLandmarker implements AutoCloseable {

    /** File-name prefix of the weights in the face-api.js model folder. */
    public static final String MODEL_NAME = "face_landmark_68_model";
    /** Mean RGB subtracted from the input, face-api.js {@code FaceFeatureExtractor.forwardInput}. */
    static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};
    /** Divisor after the mean, face-api.js {@code FaceFeatureExtractor.forwardInput}. */
    static final float DIVISOR = 255f;

    private final OnnxNetwork network;

    /**
     * Opens the session: on the build's ONNX file, or on a graph built now from the weights when the source has
     * none ({@link OnnxNetwork#open}).
     *
     * @param source         where the model files are
     * @param intraOpThreads ONNX Runtime threads per run (≥ 1)
     * @throws java.io.UncheckedIOException if the weights cannot be read
     * @throws IllegalStateException        if ONNX Runtime rejects the graph
     */
    public FaceLandmarker(ModelSource source, int intraOpThreads) {
        this.network = OnnxNetwork.open("FaceLandmark68Net", source, MODEL_NAME, FaceLandmarker::toOnnx,
                intraOpThreads);
    }

    /**
     * The build's conversion of this network (and the fallback when no converted file exists).
     *
     * @param weights the {@value #MODEL_NAME} tensors
     * @return the serialized ONNX model, input NCHW {@code [1,3,112,112]}, output 136 values
     * @throws IllegalArgumentException if the model lacks a tensor the graph needs
     */
    public static byte[] toOnnx(TfjsWeights weights) {
        return FaceLandmark68Graph.build(weights);
    }

    /**
     * @param image the image the face was detected in
     * @param box   the face box in image px, e.g. a detector's {@code Detection.box()}
     * @return the 68 landmarks in image px
     * @throws IllegalArgumentException if the box does not overlap the image by at least one whole pixel
     */
    public FaceLandmarks landmarks(RgbImage image, Box box) {
        Objects.requireNonNull(image, "image");
        NetInput.Region crop = crop(box, image.width(), image.height());
        int size = FaceLandmark68Graph.INPUT_SIZE;
        float[] input = NetInput.toNchw(image, crop, true, size, MEAN_RGB, DIVISOR);
        float[] out = network.run(FaceLandmark68Graph.INPUT, input, 1, 3, size, size)
                .get(FaceLandmark68Graph.OUTPUT).data();

        double w = crop.width();
        double h = crop.height();
        double scale = size / Math.max(w, h);
        double scaledW = w * scale;
        double scaledH = h * scale;
        double padX = scaledW < scaledH ? (scaledH - scaledW) / 2 : 0;
        double padY = scaledH < scaledW ? (scaledW - scaledH) / 2 : 0;
        List<Point> points = new ArrayList<>(FaceLandmarks.COUNT);
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            double relX = (out[2 * i] * size - padX) / scaledW;
            double relY = (out[2 * i + 1] * size - padY) / scaledH;
            points.add(new Point(relX * w + box.x(), relY * h + box.y()));
        }
        return new FaceLandmarks(points);
    }

    /**
     * The server pipeline's landmarks: the box's square (of side max(width, height), centred on the box) is taken
     * whole, the part past the image's borders black, instead of clipped as face-api.js does; the points are
     * mapped back from that square. Optionally also from the mirrored square, the two estimates averaged (left and
     * right points swapped back), which halves the network's left/right bias.
     *
     * @param image         the image
     * @param box           the face box in image px
     * @param mirrorAverage whether to average with the mirrored input (a second network run)
     * @return the 68 landmarks in image px
     * @throws IllegalArgumentException if the square does not overlap the image
     */
    public FaceLandmarks landmarksInSquare(RgbImage image, Box box, boolean mirrorAverage) {
        Objects.requireNonNull(image, "image");
        double side = Math.max(box.width(), box.height());
        int sq = Math.max(1, (int) Math.round(side));
        int sx = (int) Math.floor(box.x() + box.width() / 2 - sq / 2.0);
        int sy = (int) Math.floor(box.y() + box.height() / 2 - sq / 2.0);
        NetInput.Region square = new NetInput.Region(sx, sy, sq, sq);
        int size = FaceLandmark68Graph.INPUT_SIZE;
        float[] input = NetInput.toNchwBeyondBorders(image, square, size, MEAN_RGB, DIVISOR);
        float[] out = network.run(FaceLandmark68Graph.INPUT, input, 1, 3, size, size)
                .get(FaceLandmark68Graph.OUTPUT).data();
        double[] xs = new double[FaceLandmarks.COUNT];
        double[] ys = new double[FaceLandmarks.COUNT];
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            xs[i] = out[2 * i];
            ys[i] = out[2 * i + 1];
        }
        if (mirrorAverage) {
            float[] mirrored = NetInput.mirrored(input, size);
            float[] back = network.run(FaceLandmark68Graph.INPUT, mirrored, 1, 3, size, size)
                    .get(FaceLandmark68Graph.OUTPUT).data();
            // Input px c shows the mirrored input's px size−1−c; outputs are fractions of the side.
            double flip = (size - 1.0) / size;
            for (int i = 0; i < FaceLandmarks.COUNT; i++) {
                int j = MIRROR[i];
                xs[i] = (xs[i] + (flip - back[2 * j])) / 2;
                ys[i] = (ys[i] + back[2 * j + 1]) / 2;
            }
        }
        List<Point> points = new ArrayList<>(FaceLandmarks.COUNT);
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            points.add(new Point(xs[i] * sq + sx, ys[i] * sq + sy));
        }
        return new FaceLandmarks(points);
    }

    /**
     * For each of the 68 points (iBUG 300-W numbering), the point that is its mirror image: jaw 0↔16, brows
     * 17↔26, nose 31↔35, eyes 36↔45 and 37↔44 …, mouth 48↔54, 60↔64 …; points on the middle line map to
     * themselves.
     */
    private static final int[] MIRROR = mirrorIndices();

    /**
     * @param point a landmark index, 0–67
     * @return the index of its mirror image (the same index on the middle line)
     */
    public static int mirrorOf(int point) {
        return MIRROR[point];
    }

    private static int[] mirrorIndices() {
        int[] m = new int[FaceLandmarks.COUNT];
        for (int i = 0; i < m.length; i++) {
            m[i] = i;
        }
        int[][] pairs = {
            {0, 16}, {1, 15}, {2, 14}, {3, 13}, {4, 12}, {5, 11}, {6, 10}, {7, 9},
            {17, 26}, {18, 25}, {19, 24}, {20, 23}, {21, 22},
            {31, 35}, {32, 34},
            {36, 45}, {37, 44}, {38, 43}, {39, 42}, {40, 47}, {41, 46},
            {48, 54}, {49, 53}, {50, 52}, {55, 59}, {56, 58},
            {60, 64}, {61, 63}, {65, 67},
        };
        for (int[] p : pairs) {
            m[p[0]] = p[1];
            m[p[1]] = p[0];
        }
        return m;
    }

    /**
     * The crop face-api.js takes for a box ({@code Box.clipAtImageBorders}): clipped to the image, then x, y,
     * width and height each floored.
     *
     * @param box         the face box in image px
     * @param imageWidth  image width in px
     * @param imageHeight image height in px
     * @return the crop, at least 1×1 px
     * @throws IllegalArgumentException if the crop would be empty
     */
    static NetInput.Region crop(Box box, int imageWidth, int imageHeight) {
        Objects.requireNonNull(box, "box");
        double x = Math.max(box.x(), 0);
        double y = Math.max(box.y(), 0);
        double width = Math.min(box.x() + box.width() - x, imageWidth - x);
        double height = Math.min(box.y() + box.height() - y, imageHeight - y);
        int cx = (int) Math.floor(x);
        int cy = (int) Math.floor(y);
        int cw = (int) Math.floor(width);
        int ch = (int) Math.floor(height);
        if (!(width >= 1 && height >= 1) || cx >= imageWidth || cy >= imageHeight) {
            throw new IllegalArgumentException("The face box " + box + " does not cover a whole pixel of the "
                    + imageWidth + "x" + imageHeight + " image; pass a box from a detector run on this image");
        }
        return new NetInput.Region(cx, cy, cw, ch);
    }

    @Override
    public void close() {
        network.close();
    }
}
