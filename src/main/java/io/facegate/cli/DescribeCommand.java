package io.facegate.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

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
 *
 * <p>Images are decoded and analysed on {@link #workers} threads at once (the engine is thread-safe), and
 * printed in argument order as soon as each one and those before it are done. The first image of each worker is
 * decoded while the engine loads (options checked first, so a usage error decodes nothing).
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Find the faces in images; print one JSON line per image (box, score, 68 landmarks, 128-number descriptor).")
final class DescribeCommand extends EngineCommand {

    @Parameters(arity = "1..*", paramLabel = "IMG", description = "Image files (JPEG, PNG, WebP, BMP, GIF).")
    List<Path> images;

    DescribeCommand(EngineLoan engines, Supplier<ImageDecoder> decoder) {
        super(engines, decoder);
    }

    /** One image's outcome: its JSON line, or the sentence saying why it has none. */
    private record Outcome(String line, String error) {
    }

    /**
     * @param imageCount images to describe
     * @param cores      available processors
     * @param decodes    decodes the decoder allows at once (more workers would only wait for a slot)
     * @return how many images are worked on at once: one per core, at most one per image and per decode slot
     */
    static int workers(int imageCount, int cores, int decodes) {
        return Math.max(1, Math.min(imageCount, Math.min(cores, decodes)));
    }

    /** An image read and decoded, or the sentence saying why it could not be. */
    private record Decoded(RgbImage image, String error) {
    }

    @Override
    public Integer call() throws Exception {
        AnalysisOptions settings = options.analysisOptions();
        options.modelSource();
        options.threads();
        int threads = workers(images.size(), Runtime.getRuntime().availableProcessors(),
                decoder().limits().maxConcurrentDecodes());
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "describe");
            t.setDaemon(true);
            return t;
        });
        try {
            // Decoding needs no engine: the first image per worker is decoded while the networks load.
            List<Future<Decoded>> early = new ArrayList<>();
            for (Path file : images.subList(0, threads)) {
                early.add(pool.submit(() -> decoded(file)));
            }
            return withEngine(engine -> {
                List<Future<Outcome>> outcomes = new ArrayList<>();
                for (int i = 0; i < images.size(); i++) {
                    Path file = images.get(i);
                    Future<Decoded> decoding = i < early.size() ? early.get(i) : null;
                    outcomes.add(pool.submit(() -> describe(engine, file,
                            decoding != null ? awaited(decoding) : decoded(file), settings)));
                }
                int failures = 0;
                for (Future<Outcome> future : outcomes) {
                    Outcome outcome = future.get();
                    if (outcome.line() != null) {
                        out().println(outcome.line());
                        out().flush();
                    } else {
                        err().println(outcome.error());
                        err().flush();
                        failures++;
                    }
                }
                return failures == 0 ? 0 : FaceGateCli.EXIT_ERROR;
            });
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdownNow();
        }
    }

    private Decoded decoded(Path file) {
        try {
            return new Decoded(decode(file), null);
        } catch (IOException | ImageRejectedException e) {
            return new Decoded(null, sentence(file, e));
        }
    }

    /** @return the early decode's result, its unexpected failure rethrown as it was thrown */
    private static Decoded awaited(Future<Decoded> decoding) throws Exception {
        try {
            return decoding.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Outcome describe(FaceEngine engine, Path file, Decoded decoded, AnalysisOptions settings) {
        if (decoded.error() != null) {
            return new Outcome(null, decoded.error());
        }
        RgbImage image = decoded.image();
        try {
            List<Face> faces = engine.analyze(image, settings);
            return new Outcome(JsonOutput.describeLine(file.toString(), image.width(), image.height(), faces), null);
        } catch (InvalidImageException e) {
            return new Outcome(null, sentence(file, e));
        }
    }
}
