package io.facegate.face;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.facegate.face.landmarks.FaceLandmarker;
import io.facegate.face.recognition.FaceRecognitionNet;
import io.facegate.face.ssd.SsdMobilenetV1Detector;
import io.facegate.face.tiny.TinyFaceDetector;
import io.facegate.face.weights.ModelSource;
import io.facegate.face.weights.TfjsWeights;

/**
 * The build's conversion of the four face-api.js networks to ONNX files: reads the TF.js weights of the npm package
 * and writes {@code <model name>.onnx} for each, which the jar carries under
 * {@value ModelSource#ONNX_CLASSPATH_FOLDER} and {@link ModelSource#classpath()} hands to the networks, so a start
 * opens four sessions instead of dequantising weights and building graphs. The files are build output, never
 * committed. Run by {@code pom.xml} (phase {@code process-classes}, only when the weights or these sources changed,
 * through {@code scripts/if-changed.mjs}).
 */
public final class ModelConverter {

    /** Each network's face-api.js file-name prefix and its conversion, in the order they are written. */
    static final Map<String, Function<TfjsWeights, byte[]>> NETWORKS = networks();

    private ModelConverter() {
    }

    private static Map<String, Function<TfjsWeights, byte[]>> networks() {
        Map<String, Function<TfjsWeights, byte[]>> networks = new LinkedHashMap<>();
        networks.put(TinyFaceDetector.MODEL_NAME, TinyFaceDetector::toOnnx);
        networks.put(SsdMobilenetV1Detector.MODEL_NAME, SsdMobilenetV1Detector::toOnnx);
        networks.put(FaceLandmarker.MODEL_NAME, FaceLandmarker::toOnnx);
        networks.put(FaceRecognitionNet.MODEL_NAME, FaceRecognitionNet::toOnnx);
        return networks;
    }

    /**
     * Converts every network.
     *
     * @param weights the face-api.js model folder
     * @param out     the folder to write the {@code .onnx} files to (created if missing)
     * @throws java.io.UncheckedIOException if a weights file cannot be read
     * @throws IOException                  if a file cannot be written
     */
    public static void convert(Path weights, Path out) throws IOException {
        Files.createDirectories(out);
        ModelSource source = ModelSource.folder(weights);
        for (Map.Entry<String, Function<TfjsWeights, byte[]>> network : NETWORKS.entrySet()) {
            byte[] model = network.getValue().apply(TfjsWeights.load(source, network.getKey()));
            Path file = out.resolve(network.getKey() + ModelSource.ONNX_SUFFIX);
            // Written beside and moved, so an interrupted build never leaves a truncated network to load.
            Path part = out.resolve(file.getFileName() + ".part");
            Files.write(part, model);
            Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * @param args the face-api.js model folder and the output folder
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("Usage: ModelConverter WEIGHTS_DIR OUT_DIR (the face-api.js model folder, the folder"
                    + " for the .onnx files)");
            System.exit(2);
        }
        convert(Path.of(args[0]), Path.of(args[1]));
    }
}
