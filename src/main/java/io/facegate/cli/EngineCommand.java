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
import java.util.function.Supplier;

import io.facegate.face.Detection;
import io.facegate.face.Face;
import io.facegate.face.InvalidImageException;
import io.facegate.face.match.Descriptors;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.ImageRejectedException;
import io.facegate.face.image.RgbImage;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of the commands: engine options, the engine loan, the decoder and error sentences. */
abstract class EngineCommand implements Callable<Integer> {

    @Mixin
    EngineOptions options;

    @Spec
    CommandSpec spec;

    private final EngineLoan engines;
    private final Supplier<ImageDecoder> decoder;

    /**
     * @param engines lends the engine
     * @param decoder gives the image decoder when first needed (it may still be starting ImageIO on another
     *                thread, see {@link FaceGateCli#run})
     */
    EngineCommand(EngineLoan engines, Supplier<ImageDecoder> decoder) {
        this.engines = Objects.requireNonNull(engines, "engines");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * Runs work with the engine, loaded from {@code --models} (default: the jar) with {@code --threads} intra-op
     * threads. Call it after every option is checked, so that a usage error never loads the networks.
     *
     * @throws CliException if the engine cannot start
     */
    int withEngine(EngineLoan.Work work) throws Exception {
        return engines.lend(options.modelSource(), options.threads(), work);
    }

    /**
     * @throws ImageRejectedException if the image is refused
     * @throws IOException            if it cannot be read
     */
    RgbImage decode(Path file) throws IOException {
        return decoder.get().decode(file);
    }

    /** @return the image decoder (with the limits the command line was built with) */
    ImageDecoder decoder() {
        return decoder.get();
    }

    /** @return the face with the highest detector score (face-api.js {@code detectSingleFace}) */
    static Optional<Face> bestFace(List<Face> faces) {
        return faces.stream().max(Comparator.comparingDouble(f -> f.detection().score()));
    }

    /**
     * The LFW protocol's choice when an image shows several faces: the one whose box centre is nearest the image
     * centre (ties: higher score first).
     *
     * @param detections detections in an image of {@code width × height} px
     * @return them ordered nearest the image centre first
     */
    static List<Detection> nearestCentreFirst(List<Detection> detections, int width, int height) {
        double cx = width / 2.0;
        double cy = height / 2.0;
        return detections.stream()
                .sorted(Comparator.comparingDouble((Detection d) -> Math.hypot(
                                d.box().x() + d.box().width() / 2 - cx, d.box().y() + d.box().height() / 2 - cy))
                        .thenComparing(Comparator.comparingDouble(Detection::score).reversed()))
                .toList();
    }

    /** @return Euclidean distance between two descriptors (face-api.js {@code euclideanDistance}) */
    static double distance(float[] a, float[] b) {
        return Descriptors.distance(a, b);
    }

    /** @return a sentence naming the file and what went wrong */
    static String sentence(Path file, Throwable e) {
        if (e instanceof ImageRejectedException || e instanceof InvalidImageException) {
            return file + ": " + e.getMessage();
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
