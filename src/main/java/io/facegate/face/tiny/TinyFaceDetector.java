package io.facegate.face.tiny;

import java.util.List;
import java.util.Objects;

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
 * <p>One ONNX Runtime session serves every input size (the graph's input sides are dynamic). Thread-safe; close it
 * to free the session.
 */
public final class TinyFaceDetector implements FaceDetector, AutoCloseable {

    /** File-name prefix of the weights in the face-api.js model folder. */
    public static final String MODEL_NAME = "tiny_face_detector_model";
    /** Mean RGB subtracted from the input, face-api.js {@code tinyFaceDetector/const.ts MEAN_RGB}. */
    static final float[] MEAN_RGB = {117.001f, 114.697f, 97.404f};
    /** Divisor after the mean, face-api.js {@code TinyYolov2Base.forwardInput}. */
    static final float DIVISOR = 255f;

    private final TinyFaceDetectorOptions defaults;
    private final OnnxNetwork network;

    /**
     * Opens the session, with {@link TinyFaceDetectorOptions#DEFAULTS} for {@link #detect(RgbImage)}.
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
     * Opens the session: on the build's ONNX file, or on a graph built now from the weights when the source has
     * none ({@link OnnxNetwork#open}).
     *
     * @param source         where the model files are
     * @param intraOpThreads ONNX Runtime threads per run (≥ 1)
     * @param defaults       options used by {@link #detect(RgbImage)}
     * @throws java.io.UncheckedIOException if the weights cannot be read
     * @throws IllegalStateException        if ONNX Runtime rejects the graph
     */
    public TinyFaceDetector(ModelSource source, int intraOpThreads, TinyFaceDetectorOptions defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.network = OnnxNetwork.open("TinyFaceDetector", source, MODEL_NAME, TinyFaceDetector::toOnnx,
                intraOpThreads);
    }

    /**
     * The build's conversion of this network (and the fallback when no converted file exists): one graph for
     * every accepted input size.
     *
     * @param weights the {@value #MODEL_NAME} tensors
     * @return the serialized ONNX model, input NCHW {@code [1,3,S,S]}, output {@code [1,25,S/32,S/32]}
     * @throws IllegalArgumentException if the model lacks a tensor the graph needs
     */
    public static byte[] toOnnx(TfjsWeights weights) {
        return TinyFaceDetectorGraph.build(weights);
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
        OnnxNetwork.Output out = network.run(TinyFaceDetectorGraph.INPUT, input, 1, 3, size, size)
                .get(TinyFaceDetectorGraph.OUTPUT);
        int cells = (int) out.shape()[3];
        return TinyYoloDecoder.decode(out.data(), cells, image.width(), image.height(), options);
    }

    /** @return the options used by {@link #detect(RgbImage)} */
    public TinyFaceDetectorOptions defaults() {
        return defaults;
    }

    /** Closes the session. */
    @Override
    public void close() {
        network.close();
    }
}
