package io.facegate.face.ssd;

import java.util.ArrayList;
import java.util.List;

import io.facegate.face.onnx.OnnxGraphBuilder;
import io.facegate.face.onnx.TfjsLayers;
import io.facegate.face.onnx.WeightLayouts;
import io.facegate.face.weights.TfjsWeights;
import io.facegate.face.weights.TfjsWeights.Tensor;

/**
 * Builds the SSD MobileNet v1 face detector of face-api.js ({@code src/ssdMobilenetv1/} of
 * {@code @vladmandic/face-api}) as an ONNX graph from the TF.js weights {@code ssd_mobilenetv1_model}.
 *
 * <p>Input {@value #INPUT}: NCHW {@code [1,3,512,512]}, RGB in 0–255 (already padded and resized); the graph maps
 * it to [-1, 1] as face-api.js does ({@code x / 127.5 − 1}). Layers, as in {@code mobileNetV1.ts},
 * {@code predictionLayer.ts} and {@code boxPredictionLayer.ts}:
 * <ul>
 *   <li>MobileNet v1 body: a 3×3 stride-2 conv (32 channels), then 13 pairs of 3×3 depthwise conv (batch norm with
 *       ε = 0.001, folded into the filter here) and 1×1 pointwise conv (its batch norm is already folded by the
 *       model into {@code convolution_bn_offset}); every conv is followed by relu6. Depthwise strides are 2 at
 *       pairs 2, 4, 6 and 12, so the body yields 32×32×512 after pair 11 and 16×16×1024 after pair 13.</li>
 *   <li>Extra feature layers: 8 pointwise convs (+offset, relu6), strides 2 at 1, 3, 5, 7: 8×8, 4×4, 2×2, 1×1.</li>
 *   <li>Six box predictors (1×1 conv + bias, no activation) on the 32, 16, 8, 4, 2 and 1 px feature maps, with 3,
 *       6, 6, 6, 6, 6 anchors per cell: 3072 + 1536 + 384 + 96 + 24 + 6 = {@value #ANCHORS} anchors.</li>
 * </ul>
 * All convs use TF 'same' padding (the extra pixel at the end). Outputs, anchors in the order of face-api.js
 * (feature map, then row, column, anchor):
 * {@value #BOX_ENCODINGS} {@code [1,5118,4]} (ty, tx, th, tw relative to the anchor) and {@value #CLASS_LOGITS}
 * {@code [1,5118,3]} (logits of background, face and an unused class).
 */
public final class SsdMobilenetV1Graph {

    /** Network input side in px (face-api.js {@code toBatchTensor(512, false)}). */
    public static final int INPUT_SIZE = 512;
    /** Number of anchors (box priors), the length of {@code Output/extra_dim}. */
    public static final int ANCHORS = 5118;
    /** Input name, NCHW {@code [1,3,512,512]}. */
    public static final String INPUT = "image";
    /** Output name of the box encodings {@code [1,5118,4]}. */
    public static final String BOX_ENCODINGS = "box_encodings";
    /** Output name of the class logits {@code [1,5118,3]}. */
    public static final String CLASS_LOGITS = "class_logits";

    /** Batch-norm ε of the depthwise layers, as in face-api.js {@code mobileNetV1.ts}. */
    private static final double BATCH_NORM_EPSILON = 0.0010000000474974513;
    /** Depthwise pairs with stride 2 ({@code getStridesForLayerIdx}). */
    private static final List<Integer> STRIDE_2_PAIRS = List.of(2, 4, 6, 12);

    private final TfjsWeights weights;
    private final OnnxGraphBuilder g = new OnnxGraphBuilder("SsdMobilenetV1");

    private SsdMobilenetV1Graph(TfjsWeights weights) {
        this.weights = weights;
    }

    /**
     * @param weights the tensors of {@value SsdMobilenetV1Detector#MODEL_NAME}
     * @return the serialized ONNX model
     * @throws IllegalArgumentException if a tensor is missing or has an unexpected shape
     */
    public static byte[] build(TfjsWeights weights) {
        return new SsdMobilenetV1Graph(weights).buildGraph();
    }

    private byte[] buildGraph() {
        String x = g.input(INPUT, 1, 3, INPUT_SIZE, INPUT_SIZE);
        x = g.sub(g.div(x, g.constant("scale", new float[] {127.5f})), g.constant("one", new float[] {1f}));

        int size = INPUT_SIZE;
        x = pointwise(x, "MobilenetV1/Conv2d_0_pointwise", 2, size);
        size = TfjsLayers.sameOutput(size, 2);
        String conv11 = null;
        for (int pair = 1; pair <= 13; pair++) {
            int stride = STRIDE_2_PAIRS.contains(pair) ? 2 : 1;
            x = depthwise(x, "MobilenetV1/Conv2d_" + pair + "_depthwise", stride, size);
            size = TfjsLayers.sameOutput(size, stride);
            x = pointwise(x, "MobilenetV1/Conv2d_" + pair + "_pointwise", 1, size);
            if (pair == 11) {
                conv11 = x;
            }
        }

        List<String> featureMaps = new ArrayList<>(List.of(conv11, x));
        String p = x;
        for (int i = 0; i < 8; i++) {
            int stride = i % 2 == 1 ? 2 : 1;
            p = pointwise(p, "Prediction/Conv2d_" + i + "_pointwise", stride, size);
            size = TfjsLayers.sameOutput(size, stride);
            if (stride == 2) {
                featureMaps.add(p);
            }
        }

        List<String> boxes = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < featureMaps.size(); i++) {
            String prefix = "Prediction/BoxPredictor_" + i;
            boxes.add(predictor(featureMaps.get(i), prefix + "/BoxEncodingPredictor", 4));
            classes.add(predictor(featureMaps.get(i), prefix + "/ClassPredictor", 3));
        }
        g.output(g.concat(1, boxes), BOX_ENCODINGS, 1, ANCHORS, 4);
        g.output(g.concat(1, classes), CLASS_LOGITS, 1, ANCHORS, 3);
        return g.build();
    }

    /** Conv (3×3 or 1×1) + {@code convolution_bn_offset} + relu6, as {@code pointwiseConvLayer.ts}. */
    private String pointwise(String x, String prefix, int stride, int inSize) {
        Tensor w = weights.get(prefix + "/weights");
        Tensor offset = weights.get(prefix + "/convolution_bn_offset");
        long[] pads = TfjsLayers.samePads(inSize, w.shape()[0], stride);
        return g.clip(TfjsLayers.conv(g, w, offset, x, stride, pads), 0f, 6f);
    }

    /** 3×3 depthwise conv + batch norm (folded into filter and bias) + relu6, as {@code depthwiseConvLayer}. */
    private String depthwise(String x, String prefix, int stride, int inSize) {
        Tensor w = weights.get(prefix + "/depthwise_weights");
        float[] gamma = weights.get(prefix + "/BatchNorm/gamma").data();
        float[] beta = weights.get(prefix + "/BatchNorm/beta").data();
        float[] mean = weights.get(prefix + "/BatchNorm/moving_mean").data();
        float[] variance = weights.get(prefix + "/BatchNorm/moving_variance").data();
        int[] shape = w.shape();
        int k = shape[0];
        int channels = shape[2];
        if (shape[3] != 1 || gamma.length != channels) {
            throw new IllegalArgumentException("Unexpected depthwise filter shape " + w);
        }
        float[] filter = WeightLayouts.depthwiseToOihw(w.data(), shape);
        float[] bias = new float[channels];
        int perChannel = k * shape[1];
        for (int c = 0; c < channels; c++) {
            double factor = gamma[c] / Math.sqrt(variance[c] + BATCH_NORM_EPSILON);
            for (int i = 0; i < perChannel; i++) {
                filter[c * perChannel + i] = (float) (filter[c * perChannel + i] * factor);
            }
            bias[c] = (float) (beta[c] - mean[c] * factor);
        }
        String wt = g.constant(prefix + "/w", filter, channels, 1, k, shape[1]);
        String b = g.constant(prefix + "/b", bias, channels);
        return g.clip(g.conv(x, wt, b, stride, TfjsLayers.samePads(inSize, k, stride), channels), 0f, 6f);
    }

    /**
     * 1×1 conv + bias, reshaped from NCHW {@code [1, A·n, H, W]} to {@code [1, H·W·A, n]} (the NHWC order
     * face-api.js reshapes in).
     */
    private String predictor(String x, String prefix, int valuesPerAnchor) {
        String out = TfjsLayers.conv(g, weights.get(prefix + "/weights"), weights.get(prefix + "/biases"), x, 1,
                new long[] {0, 0, 0, 0});
        return g.reshape(g.transpose(out, 0, 2, 3, 1), 1, -1, valuesPerAnchor);
    }
}
