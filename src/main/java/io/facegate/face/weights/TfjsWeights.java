package io.facegate.face.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tensors of one TF.js layers-format model, read from its {@code <model>-weights_manifest.json} and the
 * binary shards it names, as shipped in the npm package {@code @vladmandic/face-api}.
 *
 * <p>Quantized tensors are restored as TF.js does ({@code tf.io.decodeWeights}): {@code value = q·scale + min},
 * computed in double precision and stored as float. Supported quantizations: {@code uint8}, {@code uint16};
 * unquantized tensors must be {@code float32} (or {@code int32}, converted to float).
 */
public final class TfjsWeights {

    /** One named tensor: its TF.js shape (e.g. HWIO {@code [3,3,3,16]} for a conv filter) and row-major data. */
    public record Tensor(String name, int[] shape, float[] data) {
        /** @return the number of elements, the product of the shape */
        public int size() {
            return data.length;
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    private final String modelName;
    private final Map<String, Tensor> tensors;

    private TfjsWeights(String modelName, Map<String, Tensor> tensors) {
        this.modelName = modelName;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Reads a model's manifest and shards.
     *
     * @param source    where the model files are (a folder or the class path)
     * @param modelName the file-name prefix, e.g. {@code tiny_face_detector_model}
     * @return all tensors of the model, in manifest order
     * @throws UncheckedIOException     if a file is missing or unreadable
     * @throws IllegalArgumentException if the manifest is malformed or a shard is shorter than the manifest says
     */
    public static TfjsWeights load(ModelSource source, String modelName) {
        return load(source, modelName, null);
    }

    /**
     * Reads some tensors of a model: the others are skipped, not dequantised (e.g. the SSD's anchors when the
     * network itself comes from its ONNX file).
     *
     * @param source    where the model files are
     * @param modelName the file-name prefix, e.g. {@code ssd_mobilenetv1_model}
     * @param names     the tensors to read
     * @return those tensors, in manifest order
     * @throws UncheckedIOException     if a file is missing or unreadable
     * @throws IllegalArgumentException if the manifest is malformed, a shard is shorter than the manifest says or a
     *                                  named tensor is not in the model
     */
    public static TfjsWeights load(ModelSource source, String modelName, Set<String> names) {
        TfjsWeights weights = read(source, modelName, names);
        if (names != null && !weights.names().containsAll(names)) {
            throw new IllegalArgumentException("Model " + modelName + " lacks tensors " + names);
        }
        return weights;
    }

    /** Reads the tensors in {@code only}, or all when it is null. */
    private static TfjsWeights read(ModelSource source, String modelName, Set<String> only) {
        JsonNode manifest;
        try (InputStream in = source.open(modelName + "-weights_manifest.json")) {
            manifest = JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the weights manifest of " + modelName, e);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (JsonNode group : manifest) {
            ByteBuffer buffer = readShards(source, group.get("paths"));
            for (JsonNode w : group.get("weights")) {
                if (only == null || only.contains(w.get("name").asString())) {
                    Tensor t = readTensor(w, buffer);
                    out.put(t.name(), t);
                } else {
                    skipTensor(w, buffer);
                }
            }
        }
        return new TfjsWeights(modelName, out);
    }

    private static ByteBuffer readShards(ModelSource source, JsonNode paths) {
        byte[][] parts = new byte[paths.size()][];
        int total = 0;
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i).asString();
            try (InputStream in = source.open(path)) {
                parts[i] = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read weights shard " + path, e);
            }
            total += parts[i].length;
        }
        ByteBuffer all = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] p : parts) {
            all.put(p);
        }
        return all.flip();
    }

    /** Moves past one tensor's bytes: 1 per uint8 value, 2 per uint16, 4 per float32 or int32. */
    private static void skipTensor(JsonNode w, ByteBuffer buffer) {
        int count = 1;
        for (JsonNode d : w.get("shape")) {
            count *= d.asInt();
        }
        JsonNode q = w.get("quantization");
        String type = q != null && !q.isNull() ? q.get("dtype").asString() : w.get("dtype").asString();
        int bytes = switch (type) {
            case "uint8" -> 1;
            case "uint16" -> 2;
            case "float32", "int32" -> 4;
            default -> throw new IllegalArgumentException("Unsupported dtype " + type + " for tensor "
                    + w.get("name").asString());
        };
        if (buffer.remaining() < (long) count * bytes) {
            throw new IllegalArgumentException("Weights shard too short for tensor " + w.get("name").asString());
        }
        buffer.position(buffer.position() + count * bytes);
    }

    private static Tensor readTensor(JsonNode w, ByteBuffer buffer) {
        String name = w.get("name").asString();
        JsonNode shapeNode = w.get("shape");
        int[] shape = new int[shapeNode.size()];
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
            count *= shape[i];
        }
        String dtype = w.get("dtype").asString();
        JsonNode q = w.get("quantization");
        float[] data = new float[count];
        try {
            if (q != null && !q.isNull()) {
                String qType = q.get("dtype").asString();
                double scale = q.get("scale").asDouble();
                double min = q.get("min").asDouble();
                switch (qType) {
                    case "uint8" -> {
                        for (int i = 0; i < count; i++) {
                            data[i] = (float) ((buffer.get() & 0xFF) * scale + min);
                        }
                    }
                    case "uint16" -> {
                        for (int i = 0; i < count; i++) {
                            data[i] = (float) ((buffer.getShort() & 0xFFFF) * scale + min);
                        }
                    }
                    default -> throw new IllegalArgumentException(
                            "Unsupported quantization " + qType + " for tensor " + name);
                }
            } else if ("float32".equals(dtype)) {
                for (int i = 0; i < count; i++) {
                    data[i] = buffer.getFloat();
                }
            } else if ("int32".equals(dtype)) {
                for (int i = 0; i < count; i++) {
                    data[i] = buffer.getInt();
                }
            } else {
                throw new IllegalArgumentException("Unsupported dtype " + dtype + " for tensor " + name);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("Weights shard too short for tensor " + name, e);
        }
        return new Tensor(name, shape, data);
    }

    /**
     * @param name the manifest name, e.g. {@code conv0/filters}
     * @return the tensor
     * @throws IllegalArgumentException if the model has no tensor of that name
     */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("Model " + modelName + " has no tensor " + name);
        }
        return t;
    }

    /** @return whether the model has a tensor of that name */
    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** @return all tensor names, in manifest order */
    public Set<String> names() {
        return tensors.keySet();
    }

    /** @return the model's file-name prefix */
    public String modelName() {
        return modelName;
    }
}
