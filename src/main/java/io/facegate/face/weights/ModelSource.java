package io.facegate.face.weights;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the face networks are read from: the face-api.js model files (TF.js manifests and {@code .bin} shards) and,
 * when the build made them, the same networks converted to ONNX files ({@code io.facegate.face.ModelConverter}).
 */
@FunctionalInterface
public interface ModelSource {

    /** Class-path folder where the build puts the weights copied from the npm package. */
    String CLASSPATH_FOLDER = "static/models/";

    /**
     * Class-path folder where the build puts the networks converted to ONNX, one {@code <model name>.onnx} per
     * network. Not under {@code static/}: the files are the server's, not the pages'.
     */
    String ONNX_CLASSPATH_FOLDER = "onnx/";

    /** File-name suffix of a converted network. */
    String ONNX_SUFFIX = ".onnx";

    /**
     * @param fileName a file name inside the model folder, e.g. {@code face_recognition_model.bin}
     * @return a new stream; the caller closes it
     * @throws IOException if the file does not exist or cannot be read
     */
    InputStream open(String fileName) throws IOException;

    /**
     * The network converted to ONNX by the build. A source without one (a folder of face-api.js weights given to
     * the command line, a class path built without the conversion) answers empty, and the network's graph is then
     * built from the TF.js weights while it loads (the same graph, a few hundred ms more per network).
     *
     * @param modelName the face-api.js file-name prefix, e.g. {@code face_recognition_model}
     * @return the serialized ONNX model, or empty
     * @throws UncheckedIOException if the file exists but cannot be read
     */
    default Optional<byte[]> onnx(String modelName) {
        return Optional.empty();
    }

    /**
     * @return the models packaged in the jar: the weights under {@value #CLASSPATH_FOLDER}, the converted networks
     *         under {@value #ONNX_CLASSPATH_FOLDER}; equal to every other {@code classpath()} source of the same
     *         class loader (so an engine loaded from it ahead of time can be matched to a later request)
     */
    static ModelSource classpath() {
        return new ClasspathModels(ModelSource.class.getClassLoader());
    }

    /**
     * The models packaged with the application ({@link #classpath()}). A value: two sources of the same class loader
     * are equal.
     *
     * @param loader the class loader the files are read through
     */
    record ClasspathModels(ClassLoader loader) implements ModelSource {
        @Override
        public InputStream open(String fileName) throws IOException {
            InputStream in = loader.getResourceAsStream(CLASSPATH_FOLDER + fileName);
            if (in == null) {
                throw new FileNotFoundException("Model file " + fileName + " is not on the class path under "
                        + CLASSPATH_FOLDER + "; build with 'mvn package', which installs @vladmandic/face-api");
            }
            return in;
        }

        @Override
        public Optional<byte[]> onnx(String modelName) {
            String name = ONNX_CLASSPATH_FOLDER + modelName + ONNX_SUFFIX;
            try (InputStream in = loader.getResourceAsStream(name)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + name + " from the class path", e);
            }
        }
    }

    /**
     * @param dir a folder of face-api.js model files, e.g. {@code node_modules/@vladmandic/face-api/model}; its
     *            networks are converted while they load
     * @return the model files in that folder; equal to every other source of the same folder
     */
    static ModelSource folder(Path dir) {
        return new FolderModels(dir);
    }

    /**
     * The model files of a folder ({@link #folder}). A value: two sources of the same folder are equal.
     *
     * @param dir the folder
     */
    record FolderModels(Path dir) implements ModelSource {
        @Override
        public InputStream open(String fileName) throws IOException {
            return Files.newInputStream(dir.resolve(fileName));
        }
    }
}
