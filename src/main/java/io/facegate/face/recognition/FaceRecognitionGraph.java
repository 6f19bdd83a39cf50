package io.facegate.face.recognition;

import io.facegate.face.onnx.OnnxGraphBuilder;
import io.facegate.face.onnx.TfjsLayers;
import io.facegate.face.weights.TfjsWeights;

/**
 * Turns the TF.js weights of face-api.js's FaceRecognitionNet ({@code face_recognition_model}) into an ONNX
 * graph, layer for layer as {@code src/faceRecognitionNet/FaceRecognitionNet.ts}, {@code convLayer.ts},
 * {@code residualLayer.ts} and {@code scaleLayer.ts} of {@code @vladmandic/face-api} 1.7.15 describe it:
 *
 * <pre>
 * input NCHW [1,3,150,150]
 * conv32_down: 7×7 stride 2 'valid' conv + bias, scale layer, relu   → [1,32,72,72]
 * max pool 3×3 stride 2 'valid'                                       → [1,32,35,35]
 * residual conv32_1..3                                                → [1,32,35,35]
 * residualDown conv64_down, residual conv64_1..3                      → [1,64,17,17]
 * residualDown conv128_down, residual conv128_1..2                    → [1,128,8,8]
 * residualDown conv256_down, residual conv256_1..2                    → [1,256,4,4]
 * residualDown conv256_down_out                                       → [1,256,2,2]
 * mean over H, W; × fc [256,128] (no bias, no normalisation)          → [1,128]
 * </pre>
 *
 * A conv layer is {@code conv(x) + bias}, then the scale layer {@code · weights + biases} (per channel). A residual
 * block is conv layer (relu), conv layer (no relu), plus the input, relu. A down-sampling block uses a 3×3 stride-2
 * 'valid' first conv and, as shortcut, a 2×2 stride-2 'valid' average pool; when the conv branch is one pixel
 * smaller than the shortcut, face-api.js appends a zero row (bottom) and a zero column (right) to it, and when the
 * shortcut has half the channels it appends as many zero channels.
 */
final class FaceRecognitionGraph {

    /** Name of the graph input, NCHW {@code [1,3,150,150]}. */
    static final String INPUT = "input";
    /** Name of the graph output, {@code [1,128]}. */
    static final String OUTPUT = "descriptor";

    /** A value in the graph with its static NCHW shape {@code [1, channels, size, size]}. */
    private record Value(String name, int channels, int size) {
    }

    private final OnnxGraphBuilder graph = new OnnxGraphBuilder("FaceRecognitionNet");
    private final TfjsWeights weights;

    private FaceRecognitionGraph(TfjsWeights weights) {
        this.weights = weights;
    }

    /**
     * @param weights the tensors of {@code face_recognition_model}
     * @return the serialized ONNX model: input {@value #INPUT} {@code [1,3,150,150]}, output {@value #OUTPUT}
     *         {@code [1,128]}
     * @throws IllegalArgumentException if a tensor is missing or has an unexpected shape
     */
    static byte[] build(TfjsWeights weights) {
        return new FaceRecognitionGraph(weights).build();
    }

    private byte[] build() {
        int size = FaceRecognitionNet.INPUT_SIZE;
        Value x = new Value(graph.input(INPUT, 1, 3, size, size), 3, size);
        x = convLayer(x, "conv32_down", 2, false, true);
        x = new Value(graph.maxPool(x.name(), 3, 2, new long[] {0, 0, 0, 0}), x.channels(), validSize(x.size(), 3, 2));
        x = residual(x, "conv32_1");
        x = residual(x, "conv32_2");
        x = residual(x, "conv32_3");
        x = residualDown(x, "conv64_down");
        x = residual(x, "conv64_1");
        x = residual(x, "conv64_2");
        x = residual(x, "conv64_3");
        x = residualDown(x, "conv128_down");
        x = residual(x, "conv128_1");
        x = residual(x, "conv128_2");
        x = residualDown(x, "conv256_down");
        x = residual(x, "conv256_1");
        x = residual(x, "conv256_2");
        x = residualDown(x, "conv256_down_out");

        String mean = graph.flatten(graph.globalAveragePool(x.name()));
        TfjsWeights.Tensor fc = weights.get("fc");
        if (fc.shape().length != 2 || fc.shape()[0] != x.channels()
                || fc.shape()[1] != FaceRecognitionNet.DESCRIPTOR_LENGTH) {
            throw new IllegalArgumentException("Tensor fc should be [" + x.channels() + ", "
                    + FaceRecognitionNet.DESCRIPTOR_LENGTH + "], is " + fc);
        }
        String fcWeights = graph.constant("fc", fc.data(), fc.shape()[0], fc.shape()[1]);
        graph.output(graph.matMul(mean, fcWeights), OUTPUT, 1, FaceRecognitionNet.DESCRIPTOR_LENGTH);
        return graph.build();
    }

    /** {@code residual()}: conv layer + relu, conv layer, add the input, relu. */
    private Value residual(Value x, String prefix) {
        Value a = convLayer(x, prefix + "/conv1", 1, true, true);
        Value b = convLayer(a, prefix + "/conv2", 1, true, false);
        if (b.channels() != x.channels() || b.size() != x.size()) {
            throw new IllegalArgumentException("Residual block " + prefix + " changes the shape: " + x + " → " + b);
        }
        return new Value(graph.relu(graph.add(b.name(), x.name())), x.channels(), x.size());
    }

    /** {@code residualDown()}: stride-2 branch plus an average-pooled shortcut, zero-extended to match. */
    private Value residualDown(Value x, String prefix) {
        Value a = convLayer(x, prefix + "/conv1", 2, false, true);
        Value b = convLayer(a, prefix + "/conv2", 1, true, false);
        int pooledSize = validSize(x.size(), 2, 2);
        String pooled = graph.averagePool(x.name(), 2, 2, new long[] {0, 0, 0, 0});
        String branch = b.name();
        if (b.size() != pooledSize) {
            if (pooledSize - b.size() != 1) {
                throw new IllegalArgumentException("Block " + prefix + ": conv branch " + b.size()
                        + " px vs shortcut " + pooledSize + " px; face-api.js only pads by one");
            }
            branch = graph.zeroPad(branch, 0, 0, 0, 0, 0, 0, 1, 1);
        }
        if (b.channels() != x.channels()) {
            if (b.channels() != 2 * x.channels()) {
                throw new IllegalArgumentException("Block " + prefix + ": conv branch has " + b.channels()
                        + " channels vs shortcut " + x.channels() + "; face-api.js only doubles them");
            }
            pooled = graph.zeroPad(pooled, 0, 0, 0, 0, 0, x.channels(), 0, 0);
        }
        return new Value(graph.relu(graph.add(pooled, branch)), b.channels(), pooledSize);
    }

    /**
     * {@code convLayer()}: TF {@code conv2d} with 'same' or 'valid' padding, plus bias, then the scale layer
     * (per-channel multiply and add), then relu if asked.
     */
    private Value convLayer(Value x, String prefix, int stride, boolean same, boolean relu) {
        TfjsWeights.Tensor filters = weights.get(prefix + "/conv/filters");
        int[] s = filters.shape();
        if (s.length != 4 || s[0] != s[1] || s[2] != x.channels()) {
            throw new IllegalArgumentException("Tensor " + filters + " does not fit an input with "
                    + x.channels() + " channels");
        }
        int k = s[0];
        int out = s[3];
        long[] pads;
        int outSize;
        if (same) {
            outSize = TfjsLayers.sameOutput(x.size(), stride);
            pads = TfjsLayers.samePads(x.size(), k, stride);
        } else {
            outSize = validSize(x.size(), k, stride);
            pads = new long[] {0, 0, 0, 0};
        }
        String y = TfjsLayers.conv(graph, filters, vector(prefix + "/conv/bias", out), x.name(), stride, pads);
        y = graph.mul(y, perChannel(prefix + "/scale/weights", out));
        y = graph.add(y, perChannel(prefix + "/scale/biases", out));
        if (relu) {
            y = graph.relu(y);
        }
        return new Value(y, out, outSize);
    }

    /** @return the tensor as a per-channel constant {@code [1, C, 1, 1]}, checked to hold C values */
    private String perChannel(String name, int channels) {
        return graph.constant(name, vector(name, channels).data(), 1, channels, 1, 1);
    }

    /** @return the tensor, checked to hold {@code length} values */
    private TfjsWeights.Tensor vector(String name, int length) {
        TfjsWeights.Tensor t = weights.get(name);
        if (t.size() != length) {
            throw new IllegalArgumentException("Tensor " + t + " should have " + length + " values");
        }
        return t;
    }

    /** Output side of a 'valid' window: {@code floor((size − kernel) / stride) + 1}. */
    private static int validSize(int size, int kernel, int stride) {
        return (size - kernel) / stride + 1;
    }
}
