package io.facegate.face.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.UnsafeByteOperations;

/**
 * Builds an ONNX graph (IR version {@value #IR_VERSION}, default-domain opset {@value #OPSET}) node by node, for
 * networks whose weights come from TF.js manifests. Tensors are float32 unless a method says otherwise; image
 * tensors are NCHW. Each op method returns the name of the value it produces, so a network reads as a chain.
 *
 * <p>ONNX Runtime 1.22 accepts IR versions 3–10 and opsets up to 22; IR 8 with opset 17 is what is built here.
 */
public final class OnnxGraphBuilder {

    /** ONNX IR version written into the model. */
    public static final int IR_VERSION = 8;
    /** Default-domain opset version written into the model. */
    public static final int OPSET = 17;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    /** @param name the graph's name, shown in ONNX Runtime errors */
    public OnnxGraphBuilder(String name) {
        graph.setName(name);
    }

    /**
     * Declares a float input.
     *
     * @param name its name
     * @param dims its shape; {@code -1} marks a dynamic dimension
     * @return the name
     */
    public String input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
        return name;
    }

    /**
     * Declares a float output, produced by an existing value under a new name.
     *
     * @param value the value to expose
     * @param name  the output's name
     * @param dims  its shape; {@code -1} marks a dynamic dimension
     */
    public void output(String value, String name, long... dims) {
        node("Identity", List.of(value), List.of(), name);
        graph.addOutput(valueInfo(name, dims));
    }

    /**
     * Adds a float32 constant (an initializer).
     *
     * @param hint a readable prefix for its name
     * @param data row-major values; length must equal the product of dims
     * @param dims its shape
     * @return the constant's unique name
     * @throws IllegalArgumentException if the length does not match the shape
     */
    public String constant(String hint, float[] data, long... dims) {
        checkSize(hint, data.length, dims);
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(unique(hint))
                .setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        // raw_data, little-endian as ONNX specifies: one bulk copy instead of a repeated field filled value by
        // value (millions of calls for the SSD and recognition weights).
        ByteBuffer raw = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        t.setRawData(UnsafeByteOperations.unsafeWrap(raw.array()));
        graph.addInitializer(t);
        return t.getName();
    }

    /**
     * Adds an int64 constant (shapes, axes, indices).
     *
     * @param hint a readable prefix for its name
     * @param data values; a 1-D tensor of that length
     * @return the constant's unique name
     */
    public String constantInt64(String hint, long... data) {
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(unique(hint))
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(data.length);
        for (long v : data) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return t.getName();
    }

    /**
     * Adds a node with one output.
     *
     * @param opType the ONNX operator, e.g. {@code Conv}
     * @param inputs input value names; an empty string stands for an omitted optional input
     * @param attrs  attributes, made with the static factories of this class
     * @return the name of the output value
     */
    public String node(String opType, List<String> inputs, List<AttributeProto> attrs) {
        return node(opType, inputs, attrs, unique(opType.toLowerCase()));
    }

    private String node(String opType, List<String> inputs, List<AttributeProto> attrs, String output) {
        graph.addNode(NodeProto.newBuilder()
                .setOpType(opType)
                .setName(unique("n_" + opType))
                .addAllInput(inputs)
                .addOutput(output)
                .addAllAttribute(attrs));
        return output;
    }

    /**
     * 2-D convolution, NCHW, weights OIHW {@code [out, in/group, kh, kw]}.
     *
     * @param x       input value
     * @param weights weight constant name
     * @param bias    bias constant name, or {@code null}
     * @param stride  stride in both directions
     * @param pads    explicit padding {@code [top, left, bottom, right]} in px
     * @param group   number of groups (the channel count for a depthwise convolution)
     * @return the output value
     */
    public String conv(String x, String weights, String bias, int stride, long[] pads, int group) {
        List<String> in = new ArrayList<>(List.of(x, weights));
        if (bias != null) {
            in.add(bias);
        }
        return node("Conv", in, List.of(ints("strides", stride, stride), ints("pads", pads), intAttr("group", group)));
    }

    /** @return {@code max(x, 0)} */
    public String relu(String x) {
        return node("Relu", List.of(x), List.of());
    }

    /** @return {@code a + b}, with NumPy broadcasting */
    public String add(String a, String b) {
        return node("Add", List.of(a, b), List.of());
    }

    /** @return {@code a − b}, with NumPy broadcasting */
    public String sub(String a, String b) {
        return node("Sub", List.of(a, b), List.of());
    }

    /** @return {@code a · b}, element-wise with NumPy broadcasting */
    public String mul(String a, String b) {
        return node("Mul", List.of(a, b), List.of());
    }

    /** @return the matrix product {@code a × b} */
    public String matMul(String a, String b) {
        return node("MatMul", List.of(a, b), List.of());
    }

    /**
     * Leaky ReLU, {@code x ≥ 0 ? x : alpha·x}.
     *
     * @param alpha slope for negative inputs, e.g. 0.1 for the tiny YOLO v2 family
     * @return the output value
     */
    public String leakyRelu(String x, float alpha) {
        return node("LeakyRelu", List.of(x), List.of(floatAttr("alpha", alpha)));
    }

    /**
     * Flattens {@code [N, d1, d2, ...]} to {@code [N, d1·d2·...]} (ONNX {@code Flatten}, axis 1).
     *
     * @return the output value
     */
    public String flatten(String x) {
        return node("Flatten", List.of(x), List.of(intAttr("axis", 1)));
    }

    /**
     * Max pooling, NCHW.
     *
     * @param kernel square kernel size in px
     * @param stride stride in px
     * @param pads   {@code [top, left, bottom, right]} in px
     * @return the output value
     */
    public String maxPool(String x, int kernel, int stride, long[] pads) {
        return node("MaxPool", List.of(x),
                List.of(ints("kernel_shape", kernel, kernel), ints("strides", stride, stride), ints("pads", pads)));
    }

    /**
     * Average pooling, NCHW, not counting padding.
     *
     * @param kernel square kernel size in px
     * @param stride stride in px
     * @param pads   {@code [top, left, bottom, right]} in px
     * @return the output value
     */
    public String averagePool(String x, int kernel, int stride, long[] pads) {
        return node("AveragePool", List.of(x),
                List.of(ints("kernel_shape", kernel, kernel), ints("strides", stride, stride), ints("pads", pads)));
    }

    /** @return {@code a / b}, element-wise with NumPy broadcasting */
    public String div(String a, String b) {
        return node("Div", List.of(a, b), List.of());
    }

    /**
     * Clamps every element to {@code [min, max]} (ONNX {@code Clip}, bounds given as scalar constants);
     * {@code clip(x, 0, 6)} is TF's relu6.
     *
     * @return the clipped value
     */
    public String clip(String x, float min, float max) {
        return node("Clip", List.of(x, constant("clip_min", new float[] {min}), constant("clip_max", new float[] {max})),
                List.of());
    }

    /**
     * @param perm the permutation of axes, e.g. {@code 0,2,3,1} for NCHW → NHWC
     * @return the transposed value
     */
    public String transpose(String x, int... perm) {
        return node("Transpose", List.of(x), List.of(ints("perm", perm)));
    }

    /**
     * @param shape the new shape; one entry may be {@code -1} (inferred), {@code 0} copies the input's dimension
     * @return the reshaped value (same row-major data)
     */
    public String reshape(String x, long... shape) {
        return node("Reshape", List.of(x, constantInt64("shape", shape)), List.of());
    }

    /**
     * @param axis   the axis to join along
     * @param values values of equal shape except along {@code axis}
     * @return their concatenation
     */
    public String concat(int axis, List<String> values) {
        return node("Concat", values, List.of(intAttr("axis", axis)));
    }

    /**
     * Zero padding ({@code Pad}, mode {@code constant}, value 0) of a tensor of any rank.
     *
     * @param x    input value
     * @param pads {@code [begin_0, …, begin_{r-1}, end_0, …, end_{r-1}]} elements added per axis; for NCHW that
     *             is {@code [n0, c0, top, left, n1, c1, bottom, right]}
     * @return the padded value
     */
    public String zeroPad(String x, long... pads) {
        return node("Pad", List.of(x, constantInt64("pads", pads)), List.of());
    }

    /** @return the mean over all spatial positions of an NCHW value, shape {@code [N, C, 1, 1]} */
    public String globalAveragePool(String x) {
        return node("GlobalAveragePool", List.of(x), List.of());
    }

    /**
     * Serializes the graph as an ONNX model.
     *
     * @return the model bytes, ready for {@code OrtEnvironment.createSession(byte[], ...)}
     */
    public byte[] build() {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("facegate")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    /** @return an INT attribute */
    public static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** @return a FLOAT attribute */
    public static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    /** @return a STRING attribute */
    public static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    /** @return an INTS attribute */
    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** @return an INTS attribute */
    public static AttributeProto ints(String name, int... values) {
        long[] l = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            l[i] = values[i];
        }
        return ints(name, l);
    }

    private String unique(String hint) {
        return hint.replace('/', '_') + "_" + (counter++);
    }

    private static void checkSize(String hint, int length, long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("Constant " + hint + " has " + length + " values for shape of " + n);
        }
    }

    private static ValueInfoProto valueInfo(String name, long[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d < 0) {
                dim.setDimParam("d" + shape.getDimCount());
            } else {
                dim.setDimValue(d);
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
                .build();
    }
}
