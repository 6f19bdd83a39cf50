package io.facegate.face.ssd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.facegate.face.Box;
import io.facegate.face.Detection;
import io.facegate.face.FaceDetector;
import io.facegate.face.InvalidImageException;
import io.facegate.face.image.NetInput;
import io.facegate.face.image.RgbImage;
import io.facegate.face.onnx.OnnxNetwork;
import io.facegate.face.weights.ModelSource;
import io.facegate.face.weights.TfjsWeights;

/**
 * The SSD MobileNet v1 face detector of face-api.js ({@code SsdMobilenetv1.locateFaces}), run on ONNX Runtime.
 * Thread-safe; build one and share it, and {@link #close()} it when done.
 *
 * <p>Per image: pad to a square with zeros at the bottom/right (not centred), TF legacy bilinear resize to
 * 512×512, scale to [-1, 1] (in the graph, see {@link SsdMobilenetV1Graph}); decode the 5118 boxes against the
 * model's anchors ({@code Output/extra_dim}), face score = sigmoid; non-maximum suppression (IoU 0.5, score
 * strictly above {@link SsdMobilenetV1Options#minConfidence()}, at most {@link SsdMobilenetV1Options#maxResults()});
 * boxes clipped to the padded square and mapped back to image pixels.
 *
 * <p>One deliberate difference: a kept box lying entirely outside the image (empty after clipping) is dropped,
 * where face-api.js would throw.
 */
public final class SsdMobilenetV1Detector implements FaceDetector, AutoCloseable {

    /** File-name prefix of the weights in the face-api.js model folder. */
    public static final String MODEL_NAME = "ssd_mobilenetv1_model";
    /** Name of the anchor tensor {@code [1,5118,4]} (plain float32 in the weights; [ymin, xmin, ymax, xmax], 0–1). */
    static final String ANCHORS_TENSOR = "Output/extra_dim";
    private static final float[] NO_MEAN = {0f, 0f, 0f};

    private final OnnxNetwork network;
    private final float[] anchors;
    private final SsdMobilenetV1Options defaults;

    /**
     * Loads the weights, builds the graph and opens an ONNX Runtime session (0.3–1 s measured on 2 shared cores),
     * with {@link SsdMobilenetV1Options#DEFAULT} for {@link #detect(RgbImage)}.
     *
     * @param source         where the model files are
     * @param intraOpThreads threads ONNX Runtime may use within one detection (≥ 1)
     * @throws java.io.UncheckedIOException if the weights cannot be read
     * @throws IllegalArgumentException     if the weights are not those of the SSD model
     * @throws IllegalStateException        if ONNX Runtime rejects the graph
     */
    public SsdMobilenetV1Detector(ModelSource source, int intraOpThreads) {
        this(source, intraOpThreads, SsdMobilenetV1Options.DEFAULT);
    }

    /**
     * Opens an ONNX Runtime session on the build's ONNX file (the anchors read from the weights), or on a graph
     * built now from the weights when the source has none (0.3–1 s more, measured on 2 shared cores).
     *
     * @param source         where the model files are
     * @param intraOpThreads threads ONNX Runtime may use within one detection (≥ 1)
     * @param defaults       options used by {@link #detect(RgbImage)}
     * @throws java.io.UncheckedIOException if the weights cannot be read
     * @throws IllegalArgumentException     if the weights are not those of the SSD model
     * @throws IllegalStateException        if ONNX Runtime rejects the graph
     */
    public SsdMobilenetV1Detector(ModelSource source, int intraOpThreads, SsdMobilenetV1Options defaults) {
        Optional<byte[]> converted = source.onnx(MODEL_NAME);
        TfjsWeights weights = converted.isPresent() ? TfjsWeights.load(source, MODEL_NAME, Set.of(ANCHORS_TENSOR))
                : TfjsWeights.load(source, MODEL_NAME);
        TfjsWeights.Tensor priors = weights.get(ANCHORS_TENSOR);
        if (priors.size() != SsdMobilenetV1Graph.ANCHORS * 4) {
            throw new IllegalArgumentException("Expected " + SsdMobilenetV1Graph.ANCHORS + " anchors in "
                    + ANCHORS_TENSOR + ", got shape " + priors);
        }
        this.anchors = priors.data().clone();
        this.defaults = defaults;
        this.network = new OnnxNetwork("SsdMobilenetV1",
                converted.orElseGet(() -> SsdMobilenetV1Graph.build(weights)), intraOpThreads);
    }

    /**
     * The build's conversion of this network (and the fallback when no converted file exists). The anchors are not
     * part of the graph: the detector reads them from the weights ({@value #ANCHORS_TENSOR}).
     *
     * @param weights the {@value #MODEL_NAME} tensors
     * @return the serialized ONNX model, input NCHW {@code [1,3,512,512]}, outputs box encodings and class logits
     * @throws IllegalArgumentException if the model lacks a tensor the graph needs
     */
    public static byte[] toOnnx(TfjsWeights weights) {
        return SsdMobilenetV1Graph.build(weights);
    }

    /** Detects faces with the options given at construction. */
    @Override
    public List<Detection> detect(RgbImage image) {
        return detect(image, defaults);
    }

    /**
     * @param image   the image (any size whose shorter side is at least 1/1024 of the longer)
     * @param options min confidence and max results
     * @return the faces, highest score first; boxes in image pixels
     * @throws InvalidImageException if the image is so elongated that its shorter side would shrink to 0 px at 512
     */
    public List<Detection> detect(RgbImage image, SsdMobilenetV1Options options) {
        int size = SsdMobilenetV1Graph.INPUT_SIZE;
        double scale = (double) size / Math.max(image.width(), image.height());
        if (Math.round(image.width() * scale) < 1 || Math.round(image.height() * scale) < 1) {
            throw new InvalidImageException("The image is " + image.width() + "x" + image.height()
                    + " px, too elongated for face detection; send a photo whose shorter side is at least 1/1024 of"
                    + " its longer side.");
        }
        float[] input = NetInput.toNchw(image, NetInput.Region.of(image), false, size, NO_MEAN, 1f);
        Map<String, OnnxNetwork.Output> out = network.run(SsdMobilenetV1Graph.INPUT, input, 1, 3, size, size);
        float[] boxes = SsdPostProcessing.decodeBoxes(out.get(SsdMobilenetV1Graph.BOX_ENCODINGS).data(), anchors);
        float[] scores = SsdPostProcessing.faceScores(out.get(SsdMobilenetV1Graph.CLASS_LOGITS).data());
        List<Integer> kept = SsdPostProcessing.nonMaxSuppression(boxes, scores, options.maxResults(),
                SsdPostProcessing.IOU_THRESHOLD, options.minConfidence());
        List<Detection> detections = new ArrayList<>(kept.size());
        for (int i : kept) {
            Box box = SsdPostProcessing.toImageBox(boxes, i, image.width(), image.height());
            if (box.width() > 0 && box.height() > 0) {
                detections.add(new Detection(box, scores[i]));
            }
        }
        return List.copyOf(detections);
    }

    @Override
    public void close() {
        network.close();
    }
}
