package io.facegate.face.tiny;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.facegate.face.Detection;
import io.facegate.face.FaceDetector;
import io.facegate.face.image.NetInput;
import io.facegate.face.image.RgbImage;
import io.facegate.face.onnx.OnnxNetwork;
import io.facegate.face.weights.ModelSource;
import io.facegate.face.weights.TfjsWeights;

/**
 * face-api.js's TinyFaceDetector (a tiny YOLO v2 with separable convolutions, weights
 * {@code tiny_face_detector_model}) on ONNX Runtime.
 *
 * <p>Pre-processing as face-api.js {@code TinyYolov2Base.forwardInput}: the image is padded with zeros at the
 * bottom or right to a square, resized to {@code inputSize×inputSize} (TF legacy bilinear), the mean RGB
 * (117.001, 114.697, 97.404) ({@code tinyFaceDetector/const.ts}) is subtracted and the result divided by 255.
 * Post-processing: {@link TinyYoloDecoder}.
 *
 * <p>The graph has a fixed input size; one ONNX Runtime session per input size is built on first use (50–200 ms)
 * and cached, at most 16 (sizes 128–608). Thread-safe; close it to free the sessions, after which it refuses work.
 */
public final class TinyFaceDetector implements FaceDetector, AutoCloseable {

    /** File-name prefix of the weights in the face-api.js model folder. */
    public static final String MODEL_NAME = "tiny_face_detector_model";
    /** Mean RGB subtracted from the input, face-api.js {@code tinyFaceDetector/const.ts MEAN_RGB}. */
    static final float[] MEAN_RGB = {117.001f, 114.697f, 97.404f};
    /** Divisor after the mean, face-api.js {@code TinyYolov2Base.forwardInput}. */
    static final float DIVISOR = 255f;

    private final TfjsWeights weights;
    private final TinyFaceDetectorOptions defaults;
    private final int intraOpThreads;
    private final Map<Integer, OnnxNetwork> sessions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Loads the weights and builds the session for input size 416, with {@link TinyFaceDetectorOptions#DEFAULTS}
     * for {@link #detect(RgbImage)}.
     *
     * @param source         where the model files are
     * @param intraOpThreads ONNX Runtime threads per run (≥ 1)
     * @throws java.io.UncheckedIOException if the weights cannot be read
     * @throws IllegalStateException        if ONNX Runtime rejects the graph
     */
    public TinyFaceDetector(ModelSource source, int intraOpThreads) {
        this(source, intraOpThreads, TinyFaceDetectorOptions.DEFAULTS);
    }

    /**
     * Loads the weights and builds the session for the default options' input size.
     *
     * @param source         where the model files are
     * @param intraOpThreads ONNX Runtime threads per run (≥ 1)
     * @param defaults       options used by {@link #detect(RgbImage)}
     * @throws java.io.UncheckedIOException if the weights cannot be read
     * @throws IllegalStateException        if ONNX Runtime rejects the graph
     */
    public TinyFaceDetector(ModelSource source, int intraOpThreads, TinyFaceDetectorOptions defaults) {
        this.weights = TfjsWeights.load(source, MODEL_NAME);
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.intraOpThreads = intraOpThreads;
        network(defaults.inputSize());
    }

    /**
     * Finds faces with the default options given at construction.
     *
     * @param image the image
     * @return faces after non-maximum suppression, highest score first, boxes in image px (a box may reach past
     *         the image border, as in face-api.js)
     */
    @Override
    public List<Detection> detect(RgbImage image) {
        return detect(image, defaults);
    }

    /**
     * Finds faces.
     *
     * @param image   the image
     * @param options input size and thresholds for this call
     * @return faces after non-maximum suppression, highest score first, boxes in image px
     * @throws IllegalStateException if the detector was closed
     */
    public List<Detection> detect(RgbImage image, TinyFaceDetectorOptions options) {
        Objects.requireNonNull(image, "image");
        int size = options.inputSize();
        float[] input = NetInput.toNchw(image, NetInput.Region.of(image), false, size, MEAN_RGB, DIVISOR);
        OnnxNetwork.Output out = network(size).run(TinyFaceDetectorGraph.INPUT, input, 1, 3, size, size)
                .get(TinyFaceDetectorGraph.OUTPUT);
        int cells = (int) out.shape()[3];
        return TinyYoloDecoder.decode(out.data(), cells, image.width(), image.height(), options);
    }

    /** @return the options used by {@link #detect(RgbImage)} */
    public TinyFaceDetectorOptions defaults() {
        return defaults;
    }

    private OnnxNetwork network(int inputSize) {
        if (closed) {
            throw new IllegalStateException("This TinyFaceDetector was closed; create a new one");
        }
        return sessions.computeIfAbsent(inputSize, size -> new OnnxNetwork("TinyFaceDetector(" + size + ")",
                TinyFaceDetectorGraph.build(weights, size), intraOpThreads));
    }

    /** Closes every cached session. */
    @Override
    public void close() {
        closed = true;
        sessions.values().forEach(OnnxNetwork::close);
        sessions.clear();
    }
}
