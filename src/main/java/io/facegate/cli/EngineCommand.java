package io.facegate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.facegate.face.Face;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.ImageRejectedException;
import io.facegate.face.image.RgbImage;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of the commands: engine options, the analyzer factory, the decoder and error sentences. */
abstract class EngineCommand implements Callable<Integer> {

    @Mixin
    EngineOptions engine;

    @Spec
    CommandSpec spec;

    private final FaceAnalyzer.Factory analyzers;
    private final ImageDecoder decoder;

    EngineCommand(FaceAnalyzer.Factory analyzers, ImageDecoder decoder) {
        this.analyzers = Objects.requireNonNull(analyzers, "analyzers");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** @throws CliException if the engine cannot start */
    FaceAnalyzer openAnalyzer() {
        try {
            return analyzers.open();
        } catch (Exception e) {
            throw new CliException("The face engine could not start: " + e.getMessage(), e);
        }
    }

    /**
     * @throws ImageRejectedException if the image is refused
     * @throws IOException            if it cannot be read
     */
    RgbImage decode(Path file) throws IOException {
        return decoder.decode(file);
    }

    /** @return the face with the highest detector score (face-api.js {@code detectSingleFace}) */
    static Optional<Face> bestFace(List<Face> faces) {
        return faces.stream().max(Comparator.comparingDouble(f -> f.detection().score()));
    }

    /** @return Euclidean distance between two descriptors (face-api.js {@code euclideanDistance}) */
    static double distance(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("Descriptors differ in length: " + a.length + " vs " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** @return a sentence naming the file and what went wrong */
    static String sentence(Path file, Throwable e) {
        if (e instanceof ImageRejectedException rejected) {
            return file + ": " + rejected.getMessage();
        }
        if (e instanceof NoSuchFileException) {
            return file + ": no such file.";
        }
        if (e instanceof AccessDeniedException) {
            return file + ": cannot be read (permission denied).";
        }
        if (e instanceof IOException) {
            return file + ": cannot be read (" + e.getMessage() + ").";
        }
        if (e instanceof CliException) {
            return e.getMessage();
        }
        return file + ": the face engine failed (" + e + ").";
    }
}
