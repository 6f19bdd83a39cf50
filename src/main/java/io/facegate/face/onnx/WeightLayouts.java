package io.facegate.face.onnx;

/**
 * Re-orders TF.js weight tensors into the layouts ONNX operators expect. TF.js stores conv filters as HWIO
 * {@code [kh, kw, in, out]}, depthwise filters as {@code [kh, kw, C, m]} and dense weights as {@code [in, out]}.
 */
public final class WeightLayouts {

    private WeightLayouts() {
    }

    /**
     * @param hwio  filter data in HWIO order
     * @param shape {@code [kh, kw, in, out]}
     * @return the same filter in OIHW order {@code [out, in, kh, kw]}
     */
    public static float[] hwioToOihw(float[] hwio, int[] shape) {
        int kh = shape[0], kw = shape[1], ci = shape[2], co = shape[3];
        float[] out = new float[hwio.length];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int i = 0; i < ci; i++) {
                    for (int o = 0; o < co; o++) {
                        out[((o * ci + i) * kh + h) * kw + w] = hwio[((h * kw + w) * ci + i) * co + o];
                    }
                }
            }
        }
        return out;
    }

    /**
     * @param hwcm  depthwise filter data {@code [kh, kw, C, m]}
     * @param shape {@code [kh, kw, C, m]}
     * @return the filter as a grouped-conv weight {@code [C·m, 1, kh, kw]} (use {@code group = C})
     */
    public static float[] depthwiseToOihw(float[] hwcm, int[] shape) {
        int kh = shape[0], kw = shape[1], c = shape[2], m = shape[3];
        float[] out = new float[hwcm.length];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int k = 0; k < m; k++) {
                        out[((ch * m + k) * kh + h) * kw + w] = hwcm[((h * kw + w) * c + ch) * m + k];
                    }
                }
            }
        }
        return out;
    }
}
