package io.facegate.face.weights;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the face-api.js model files (manifests and {@code .bin} shards) are read from. */
@FunctionalInterface
public interface ModelSource {

    /** Class-path folder where the build puts the weights copied from the npm package. */
    String CLASSPATH_FOLDER = "static/models/";

    /**
     * @param fileName a file name inside the model folder, e.g. {@code face_recognition_model.bin}
     * @return a new stream; the caller closes it
     * @throws IOException if the file does not exist or cannot be read
     */
    InputStream open(String fileName) throws IOException;

    /** @return the models packaged in the jar under {@value #CLASSPATH_FOLDER} */
    static ModelSource classpath() {
        return fileName -> {
            InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(CLASSPATH_FOLDER + fileName);
            if (in == null) {
                throw new FileNotFoundException("Model file " + fileName + " is not on the class path under "
                        + CLASSPATH_FOLDER + "; build with 'mvn package', which installs @vladmandic/face-api");
            }
            return in;
        };
    }

    /** @return the model files in a folder, e.g. {@code node_modules/@vladmandic/face-api/model} */
    static ModelSource folder(Path dir) {
        return fileName -> Files.newInputStream(dir.resolve(fileName));
    }
}
