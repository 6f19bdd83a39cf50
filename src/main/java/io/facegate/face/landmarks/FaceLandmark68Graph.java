package io.facegate.face.landmarks;

import io.facegate.face.onnx.OnnxGraphBuilder;
import io.facegate.face.onnx.TfjsLayers;
import io.facegate.face.weights.TfjsWeights;

/**
 * Builds FaceLandmark68Net as an ONNX graph from the TF.js weights {@code face_landmark_68_model} (face-api.js
 * {@code faceFeatureExtractor/FaceFeatureExtractor.ts}, {@code denseBlock.ts} and {@code faceProcessor/}).
 *
 * <p>Four dense blocks {@code dense0}..{@code dense3} (32, 64, 128, 256 channels), each: out1 = relu(conv0 with
 * stride 2), out2 = sep(out1), out3 = sep(relu(out1+out2)), out4 = sep(relu(out1+out2+out3)), result
 * relu(out1+out2+out3+out4); conv0 of {@code dense0} is a plain 3×3 convolution, every other layer a separable
 * 3×3 convolution with bias, all with TF 'same' padding. 112 → 56 → 28 → 14 → 7 px; then a 7×7 average pool
 * (stride 2, 'valid') to 1×1, flattened to 256 values, and the fully connected layer {@code fc} (256 → 136).
 *
 * <p>Input {@value #INPUT} NCHW {@code [1,3,112,112]}; output {@value #OUTPUT} {@code [1,136]}: x0, y0, x1, y1, …
 * relative to the 112-px padded square (0–1).
 */
final class FaceLandmark68Graph {

    /** Name of the graph input. */
    static final String INPUT = "input";
    /** Name of the graph output. */
    static final String OUTPUT = "landmarks";
    /** Input side in px, face-api.js {@code FaceFeatureExtractor.forwardInput} ({@code toBatchTensor(112)}). */
    static final int INPUT_SIZE = 112;

    private FaceLandmark68Graph() {
    }

    /**
     * @param weights the {@code face_landmark_68_model} tensors
     * @return the serialized ONNX model
     */
    static byte[] build(TfjsWeights weights) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("FaceLandmark68Net");
        String x = g.input(INPUT, 1, 3, INPUT_SIZE, INPUT_SIZE);
        int side = INPUT_SIZE;
        for (int block = 0; block < 4; block++) {
            x = denseBlock(g, weights, "dense" + block, x, side, block == 0);
            side = TfjsLayers.sameOutput(side, 2);
        }
        x = g.averagePool(x, 7, 2, new long[] {0, 0, 0, 0});
        x = g.flatten(x);
        TfjsWeights.Tensor fcWeights = weights.get("fc/weights");
        TfjsWeights.Tensor fcBias = weights.get("fc/bias");
        x = g.matMul(x, g.constant("fc/weights", fcWeights.data(), fcWeights.shape()[0], fcWeights.shape()[1]));
        x = g.add(x, g.constant("fc/bias", fcBias.data(), fcBias.size()));
        g.output(x, OUTPUT, 1, fcBias.size());
        return g.build();
    }

    private static String denseBlock(OnnxGraphBuilder g, TfjsWeights w, String prefix, String x, int side,
                                     boolean plainFirst) {
        long[] down = TfjsLayers.samePads(side, 3, 2);
        long[] same = TfjsLayers.samePads(TfjsLayers.sameOutput(side, 2), 3, 1);
        String out1 = g.relu(plainFirst
                ? TfjsLayers.conv(g, w, prefix + "/conv0", x, 2, down)
                : TfjsLayers.separableConv(g, w, prefix + "/conv0", x, 2, down));
        String out2 = TfjsLayers.separableConv(g, w, prefix + "/conv1", out1, 1, same);
        String out3 = TfjsLayers.separableConv(g, w, prefix + "/conv2", g.relu(g.add(out1, out2)), 1, same);
        String sum3 = g.add(out1, g.add(out2, out3));
        String out4 = TfjsLayers.separableConv(g, w, prefix + "/conv3", g.relu(sum3), 1, same);
        return g.relu(g.add(out1, g.add(out2, g.add(out3, out4))));
    }
}
