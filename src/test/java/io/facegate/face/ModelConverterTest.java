package io.facegate.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.facegate.face.recognition.FaceRecognitionNet;
import io.facegate.face.weights.ModelSource;
import io.facegate.testsupport.FaceApiReference;

/**
 * The build's ONNX files: all four are on the class path, and each is byte for byte the graph the converter builds
 * from the npm package's weights now, so the networks a start loads are the ones the parity tests check (those
 * load either path) and a stale file left by an older converter fails here.
 */
class ModelConverterTest {

    @Test
    void classPathHoldsTheConvertedNetworksOfTheInstalledWeights(@TempDir Path out) throws IOException {
        Path weights = Path.of(System.getProperty("facegate.faceapi.dir", "node_modules/@vladmandic/face-api"))
                .resolve("model");
        FaceApiReference.models(); // fails with a clear message when npm did not install the package
        ModelConverter.convert(weights, out);
        ModelSource jar = ModelSource.classpath();
        for (String model : ModelConverter.NETWORKS.keySet()) {
            Optional<byte[]> shipped = jar.onnx(model);
            assertTrue(shipped.isPresent(), model + ".onnx is not on the class path: the build's onnx-models step"
                    + " did not run");
            assertArrayEquals(Files.readAllBytes(out.resolve(model + ModelSource.ONNX_SUFFIX)), shipped.get(),
                    model + ".onnx differs from the converter's output: rebuild");
        }
    }

    @Test
    void aFolderOfWeightsHasNoConvertedNetworks() {
        assertTrue(FaceApiReference.models().onnx(FaceRecognitionNet.MODEL_NAME).isEmpty());
    }
}
