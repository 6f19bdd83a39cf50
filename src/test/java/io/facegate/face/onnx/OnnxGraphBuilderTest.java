package io.facegate.face.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/** Float constants as ONNX Runtime reads them: stored as little-endian raw data, values exact. */
class OnnxGraphBuilderTest {

    /** Values chosen to catch a byte-order or offset slip: signs, zero, a subnormal, extremes. */
    private static final float[] VALUES = {1.5f, -2.25f, 0f, 65504f, Float.MIN_VALUE, Float.MAX_VALUE, 3.1415927f, 1e-20f};

    @Test
    void constantIsStoredAsLittleEndianRawData() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("const");
        String x = g.input("x", 2, 4);
        g.output(g.add(x, g.constant("c", VALUES, 2, 4)), "y", 2, 4);
        TensorProto t = ModelProto.parseFrom(g.build()).getGraph().getInitializer(0);
        assertThat(t.getFloatDataCount()).isZero();
        assertThat(t.getRawData().size()).isEqualTo(4 * VALUES.length);
        // 1.5f = 0x3FC00000: little-endian bytes 00 00 C0 3F
        assertThat(t.getRawData().substring(0, 4).toByteArray()).containsExactly(0, 0, 0xC0, 0x3F);
    }

    @Test
    void onnxRuntimeReadsTheConstantExactly() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("const");
        String x = g.input("x", 2, 4);
        g.output(g.add(x, g.constant("c", VALUES, 2, 4)), "y", 2, 4);
        try (OnnxNetwork net = new OnnxNetwork("const", g.build(), 1)) {
            Map<String, OnnxNetwork.Output> out = net.run("x", new float[8], 2, 4);
            assertThat(out.get("y").data()).containsExactly(VALUES);
            assertThat(out.get("y").shape()).containsExactly(2, 4);
        }
    }
}
