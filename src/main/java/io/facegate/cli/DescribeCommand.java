package io.facegate.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.facegate.face.Face;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.RgbImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code describe IMG...}: one JSON line per image on stdout (format in {@link JsonOutput}), in argument order.
 * An image that cannot be read gets a sentence on stderr and the others go on; exit code 0 if all were
 * described, 2 otherwise.
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Find the faces in images; print one JSON line per image (box, score, 68 landmarks, 128-number descriptor).")
final class DescribeCommand extends EngineCommand {

    @Parameters(arity = "1..*", paramLabel = "IMG", description = "Image files (JPEG, PNG, WebP, BMP, GIF).")
    List<Path> images;

    DescribeCommand(FaceAnalyzer.Factory analyzers, ImageDecoder decoder) {
        super(analyzers, decoder);
    }

    private record Described(RgbImage image, List<Face> faces) {
    }

    @Override
    public Integer call() throws InterruptedException {
        DetectorSettings settings = engine.settings();
        int threads = engine.threads();
        int failures = 0;
        try (FaceAnalyzer analyzer = openAnalyzer()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, images.size()));
            try {
                List<Future<Described>> results = new ArrayList<>();
                for (Path file : images) {
                    results.add(pool.submit(() -> {
                        RgbImage image = decode(file);
                        return new Described(image, analyzer.analyze(image, settings));
                    }));
                }
                for (int i = 0; i < images.size(); i++) {
                    try {
                        Described d = results.get(i).get();
                        out().println(JsonOutput.describeLine(images.get(i).toString(), d.image().width(),
                                d.image().height(), d.faces()));
                        out().flush();
                    } catch (ExecutionException e) {
                        err().println(sentence(images.get(i), e.getCause()));
                        failures++;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        return failures == 0 ? 0 : 2;
    }
}
