package io.facegate.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.Face;
import io.facegate.face.FaceEngine;
import io.facegate.face.InvalidImageException;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.ImageRejectedException;
import io.facegate.face.image.RgbImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code describe IMG...}: one JSON line per image on stdout (format in {@link JsonOutput}), in argument order,
 * faces as {@link FaceEngine#analyze} returns them (highest score first). An image that cannot be read gets a
 * sentence on stderr and the others go on; exit code 0 if all were described, 2 otherwise.
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Find the faces in images; print one JSON line per image (box, score, 68 landmarks, 128-number descriptor).")
final class DescribeCommand extends EngineCommand {

    @Parameters(arity = "1..*", paramLabel = "IMG", description = "Image files (JPEG, PNG, WebP, BMP, GIF).")
    List<Path> images;

    DescribeCommand(EngineLoan engines, ImageDecoder decoder) {
        super(engines, decoder);
    }

    @Override
    public Integer call() throws Exception {
        AnalysisOptions settings = options.analysisOptions();
        return withEngine(engine -> {
            int failures = 0;
            for (Path file : images) {
                try {
                    RgbImage image = decode(file);
                    List<Face> faces = engine.analyze(image, settings);
                    out().println(JsonOutput.describeLine(file.toString(), image.width(), image.height(), faces));
                    out().flush();
                } catch (IOException | ImageRejectedException | InvalidImageException e) {
                    err().println(sentence(file, e));
                    err().flush();
                    failures++;
                }
            }
            return failures == 0 ? 0 : FaceGateCli.EXIT_ERROR;
        });
    }
}
