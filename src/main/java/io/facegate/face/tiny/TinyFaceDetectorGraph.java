package io.facegate.face.tiny;

import java.util.ArrayList;
import java.util.List;

import io.facegate.face.onnx.OnnxGraphBuilder;
import io.facegate.face.onnx.TfjsLayers;
import io.facegate.face.weights.TfjsWeights;

/**
 * Builds the TinyFaceDetector network as an ONNX graph for one input size, from the TF.js weights
 * {@code tiny_face_detector_model} (face-api.js {@code TinyYolov2Base.runMobilenet} with the
 * {@code TinyFaceDetector} config: first layer a plain convolution, separable convolutions, filter sizes
 * 3-16-32-64-128-256-512, so no {@code conv6}/{@code conv7}).
 *
 * <p>Layers: {@code conv0} 3×3 'valid' + bias, leaky ReLU; max-pool 2×2/2 'same'; {@code conv1}..{@code conv5}
 * separable 3×3 with one pixel of zero padding on every side + bias, leaky ReLU, each followed by a 2×2 max-pool
 * (stride 2 'same' after conv1–conv4, stride 1 'same' after conv5); {@code conv8} 1×1 + bias, no activation.
 * Leaky ReLU slope 0.1 ({@code tinyYolov2/leaky.ts}).
 *
 * <p>Input {@value #INPUT} NCHW {@code [1,3,S,S]} (pre-processed image, S any accepted input size), output
 * {@value #OUTPUT}
 * {@code [1,25,S/32,S/32]}: channel {@code 5·anchor + k} with k = x, y, w, h, score (raw, before sigmoid/exp).
 */
final class TinyFaceDetectorGraph {

    /** Name of the graph input. */
    static final String INPUT = "input";
    /** Name of the graph output. */
    static final String OUTPUT = "grid";
    /** Leaky ReLU slope, face-api.js {@code leaky.ts} (0.10000000149011612, i.e. float 0.1). */
    static final float LEAKY_ALPHA = 0.1f;
    /** Values per anchor and cell: x, y, w, h, score. */
    static final int BOX_ENCODING = 5;

    private TinyFaceDetectorGraph() {
    }

    /**
     * Builds the graph for every input size at once: input {@code [1,3,S,S]} and output grid with dynamic sides.
     * The explicit 'same' paddings are those of {@link TinyFaceDetectorOptions#DEFAULT_INPUT_SIZE}, which are the
     * paddings of every accepted size ({@link #paddings}: a multiple of 32 minus the 2 px of {@code conv0} gives
     * an even side, then an odd one, then even ones, whatever the multiple).
     *
     * @param weights the {@code tiny_face_detector_model} tensors
     * @return the serialized ONNX model
     */
    static byte[] build(TfjsWeights weights) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("TinyFaceDetector");
        String x = g.input(INPUT, 1, 3, -1, -1);
        long[] none = {0, 0, 0, 0};
        long[] one = {1, 1, 1, 1};
        List<long[]> pads = paddings(TinyFaceDetectorOptions.DEFAULT_INPUT_SIZE);

        x = g.leakyRelu(TfjsLayers.conv(g, weights, "conv0", x, 1, none), LEAKY_ALPHA);
        for (int i = 1; i <= 5; i++) {
            x = g.maxPool(x, 2, 2, pads.get(i - 1));
            x = g.leakyRelu(TfjsLayers.separableConv(g, weights, "conv" + i, x, 1, one), LEAKY_ALPHA);
        }
        x = g.maxPool(x, 2, 1, pads.get(5));
        x = TfjsLayers.conv(g, weights, "conv8", x, 1, none);

        int channels = weights.get("conv8/bias").size();
        g.output(x, OUTPUT, 1, channels, -1, -1);
        return g.build();
    }

    /**
     * @param inputSize input side in px
     * @return the TF 'same' paddings {@code [top, left, bottom, right]} of the six max-pools at that size (five
     *         2×2/2, then one 2×2/1)
     */
    static List<long[]> paddings(int inputSize) {
        List<long[]> pads = new ArrayList<>();
        int side = inputSize - 2;
        for (int i = 0; i < 5; i++) {
            pads.add(TfjsLayers.samePads(side, 2, 2));
            side = TfjsLayers.sameOutput(side, 2);
        }
        pads.add(TfjsLayers.samePads(side, 2, 1));
        return pads;
    }
}
