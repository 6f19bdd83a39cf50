package io.facegate.face.onnx;

import io.facegate.face.weights.TfjsWeights;

/**
 * The convolution layers face-api.js builds from TF.js weights, added to an {@link OnnxGraphBuilder} with the
 * weights re-ordered for ONNX. Tensor names follow the face-api.js manifests: a plain convolution has
 * {@code <prefix>/filters} (HWIO) and {@code <prefix>/bias}; a separable one has {@code <prefix>/depthwise_filter}
 * ({@code [3,3,C,1]}), {@code <prefix>/pointwise_filter} ({@code [1,1,C,out]}) and {@code <prefix>/bias}
 * (added after the pointwise step, as {@code common/depthwiseSeparableConv.ts} does).
 */
public final class TfjsLayers {

    private TfjsLayers() {
    }

    /**
     * Adds a convolution with bias ({@code tf.conv2d} followed by {@code tf.add(bias)}) from the tensors
     * {@code <prefix>/filters} and {@code <prefix>/bias}.
     *
     * @param g      the graph
     * @param w      the model's weights
     * @param prefix the layer's name in the manifest, e.g. {@code conv0}
     * @param x      the NCHW input value
     * @param stride stride in px
     * @param pads   {@code [top, left, bottom, right]} in px
     * @return the output value, NCHW
     */
    public static String conv(OnnxGraphBuilder g, TfjsWeights w, String prefix, String x, int stride, long[] pads) {
        return conv(g, w.get(prefix + "/filters"), w.get(prefix + "/bias"), x, stride, pads);
    }

    /**
     * Adds a convolution with bias ({@code tf.conv2d} followed by {@code tf.add(bias)}), for models whose tensors
     * are named otherwise.
     *
     * @param g       the graph
     * @param filters the filter, HWIO {@code [kh, kw, in, out]}
     * @param bias    the bias, {@code [out]}
     * @param x       the NCHW input value
     * @param stride  stride in px
     * @param pads    {@code [top, left, bottom, right]} in px
     * @return the output value, NCHW
     */
    public static String conv(OnnxGraphBuilder g, TfjsWeights.Tensor filters, TfjsWeights.Tensor bias, String x,
                              int stride, long[] pads) {
        String weights = filters(g, filters);
        return g.conv(x, weights, g.constant(bias.name(), bias.data(), bias.size()), stride, pads, 1);
    }

    /**
     * Adds a TF.js conv filter as an ONNX weight constant.
     *
     * @param g    the graph
     * @param hwio the filter, HWIO {@code [kh, kw, in, out]}
     * @return the constant's name, OIHW {@code [out, in, kh, kw]}
     */
    public static String filters(OnnxGraphBuilder g, TfjsWeights.Tensor hwio) {
        int[] s = hwio.shape();
        return g.constant(hwio.name(), WeightLayouts.hwioToOihw(hwio.data(), s), s[3], s[2], s[0], s[1]);
    }

    /**
     * Adds a separable convolution with bias ({@code tf.separableConv2d}: depthwise with the stride and padding,
     * then a 1×1 pointwise convolution, then the bias).
     *
     * @param g      the graph
     * @param w      the model's weights
     * @param prefix the layer's name in the manifest, e.g. {@code dense1/conv0}
     * @param x      the NCHW input value
     * @param stride stride of the depthwise step in px
     * @param pads   padding of the depthwise step, {@code [top, left, bottom, right]} in px
     * @return the output value, NCHW
     */
    public static String separableConv(OnnxGraphBuilder g, TfjsWeights w, String prefix, String x, int stride,
                                       long[] pads) {
        TfjsWeights.Tensor dw = w.get(prefix + "/depthwise_filter");
        int[] ds = dw.shape();
        int channels = ds[2];
        String depthwise = g.constant(prefix + "/depthwise_filter", WeightLayouts.depthwiseToOihw(dw.data(), ds),
                (long) channels * ds[3], 1, ds[0], ds[1]);
        String out = g.conv(x, depthwise, null, stride, pads, channels);
        return conv(g, w.get(prefix + "/pointwise_filter"), w.get(prefix + "/bias"), out, 1, new long[] {0, 0, 0, 0});
    }

    /**
     * TF's {@code 'same'} padding for a square input: the output side is {@code ceil(in/stride)} and the total
     * padding {@code max((out−1)·stride + kernel − in, 0)}, the extra pixel going to the bottom/right.
     *
     * @param in     input side in px
     * @param kernel kernel side in px
     * @param stride stride in px
     * @return {@code [top, left, bottom, right]} in px
     */
    public static long[] samePads(int in, int kernel, int stride) {
        int out = sameOutput(in, stride);
        int total = Math.max((out - 1) * stride + kernel - in, 0);
        long before = total / 2;
        long after = total - before;
        return new long[] {before, before, after, after};
    }

    /**
     * @param in     input side in px
     * @param stride stride in px
     * @return the output side of a TF {@code 'same'} convolution or pooling, {@code ceil(in/stride)}
     */
    public static int sameOutput(int in, int stride) {
        return (in + stride - 1) / stride;
    }
}
