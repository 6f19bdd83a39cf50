package io.facegate.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.Face;
import io.facegate.face.FaceEngine;
import io.facegate.face.InvalidImageException;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.ImageRejectedException;
import io.facegate.face.image.RgbImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code compare A B}: the Euclidean distance between the best face (highest score) of each image; same person
 * iff distance &lt; threshold. Exit code 0 = same person, 1 = different people, 2 = error (no face, unreadable
 * image...). One line on stdout, e.g. {@code same person: distance 0.4123 < threshold 0.60}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare the faces of two images. Exit code 0 = same person, 1 = different people, 2 = error.")
final class CompareCommand extends EngineCommand {

    /** face-api.js {@code FaceMatcher}'s default distance threshold. */
    static final String DEFAULT_THRESHOLD = "0.6";

    @Parameters(index = "0", paramLabel = "A", description = "First image.")
    Path first;

    @Parameters(index = "1", paramLabel = "B", description = "Second image.")
    Path second;

    @Option(names = "--threshold", defaultValue = DEFAULT_THRESHOLD, paramLabel = "D",
            description = "Same person iff the descriptor distance is below D. Default: 0.6 (face-api.js FaceMatcher).")
    double threshold;

    CompareCommand(EngineLoan engines, Supplier<ImageDecoder> decoder) {
        super(engines, decoder);
    }

    @Override
    public Integer call() throws Exception {
        AnalysisOptions settings = options.analysisOptions();
        if (!(threshold > 0)) {
            throw new ParameterException(spec.commandLine(), "--threshold must be above 0, got " + threshold + ".");
        }
        RgbImage imageA = load(first);
        RgbImage imageB = load(second);
        return withEngine(engine -> {
            float[] a = descriptor(engine, first, imageA, settings);
            float[] b = descriptor(engine, second, imageB, settings);
            double d = distance(a, b);
            boolean same = d < threshold;
            out().println(String.format(Locale.ROOT, "%s: distance %.4f %s threshold %.2f",
                    same ? "same person" : "different people", d, same ? "<" : ">=", threshold));
            return same ? 0 : 1;
        });
    }

    private RgbImage load(Path file) {
        try {
            return decode(file);
        } catch (IOException | ImageRejectedException e) {
            throw new CliException(sentence(file, e), e);
        }
    }

    private float[] descriptor(FaceEngine engine, Path file, RgbImage image, AnalysisOptions settings) {
        List<Face> faces;
        try {
            faces = engine.analyze(image, settings);
        } catch (InvalidImageException e) {
            throw new CliException(sentence(file, e), e);
        }
        if (faces.size() > 1) {
            err().println(file + ": " + faces.size() + " faces found; comparing the one with the highest score.");
        }
        return bestFace(faces).orElseThrow(() -> new CliException(file + ": no face found. Use a photo where the"
                + " face is clearly visible, facing the camera, or try --detector ssd.")).descriptor();
    }
}
