package io.facegate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.Detection;
import io.facegate.face.FaceEngine;
import io.facegate.face.InvalidImageException;
import io.facegate.face.eval.LfwPair;
import io.facegate.face.eval.LfwPairs;
import io.facegate.face.eval.PairScore;
import io.facegate.face.eval.PairsFileException;
import io.facegate.face.eval.VerificationMetrics;
import io.facegate.face.eval.VerificationReport;
import io.facegate.face.eval.VerificationReport.TarAtFmr;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.ImageRejectedException;
import io.facegate.face.image.RgbImage;
import io.facegate.face.recognition.FaceOutsideImageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate --pairs FILE --images DIR [--json]}: face verification on an LFW-style pairs file (see
 * {@link LfwPairs}; images at {@code DIR/name/name_%04d.jpg}). Each image is described once; its face is the one
 * nearest the image centre (the LFW protocol, {@link #centreFaceDescriptor}). A pair with an image without a
 * face (or unreadable) counts as an error; the accuracy on the pairs whose two faces were found is reported
 * too. Metrics are those of {@link VerificationMetrics}. Text report by default, one JSON object with
 * {@code --json}. Exit code 0, or 2 with a sentence on stderr (bad pairs file, missing images...).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure verification accuracy on an LFW pairs file (10-fold accuracy, TAR at FMR, EER).")
final class EvaluateCommand extends EngineCommand {

    @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "LFW pairs file, e.g. pairs.txt.")
    Path pairsFile;

    @Option(names = "--images", required = true, paramLabel = "DIR",
            description = "LFW image folder: DIR/name/name_0001.jpg.")
    Path imagesDir;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    EvaluateCommand(EngineLoan engines, ImageDecoder decoder) {
        super(engines, decoder);
    }

    @Override
    public Integer call() throws Exception {
        AnalysisOptions settings = options.analysisOptions();
        LfwPairs pairs = readPairs();
        List<Path> images = imagesOf(pairs);
        Map<Path, float[]> descriptors = new HashMap<>();
        int[] counts = new int[2]; // [unreadable, faceless]
        withEngine(engine -> {
            int step = Math.max(1, images.size() / 10);
            for (int i = 0; i < images.size(); i++) {
                Path file = images.get(i);
                try {
                    float[] d = centreFaceDescriptor(engine, decode(file), settings);
                    descriptors.put(file, d);
                    counts[1] += d == null ? 1 : 0;
                } catch (IOException | ImageRejectedException | InvalidImageException e) {
                    counts[0]++;
                    if (counts[0] <= 5) {
                        err().println(sentence(file, e));
                    }
                }
                if ((i + 1) % step == 0 || i + 1 == images.size()) {
                    err().printf(Locale.ROOT, "described %d/%d images%n", i + 1, images.size());
                    err().flush();
                }
            }
            return 0;
        });
        int unreadable = counts[0];
        int faceless = counts[1];
        if (unreadable > 0) {
            err().println(unreadable + " image(s) could not be read; their pairs count as errors.");
        }
        List<PairScore> scores = new ArrayList<>();
        for (LfwPair p : pairs.pairs()) {
            float[] a = descriptors.get(p.image1(imagesDir));
            float[] b = descriptors.get(p.image2(imagesDir));
            scores.add(a == null || b == null ? PairScore.noFace(p.fold(), p.same())
                    : PairScore.of(p.fold(), p.same(), distance(a, b)));
        }
        VerificationReport report = VerificationMetrics.evaluate(scores, pairs.folds());
        VerificationReport found = facesFound(scores, pairs.folds());
        if (json) {
            Map<String, Object> m = toJson(report, settings, images.size(), faceless, unreadable);
            m.put("facesFound", found == null ? null : Map.of("pairs", found.pairs(), "accuracy",
                    accuracyJson(found.accuracy())));
            out().println(JsonOutput.write(m));
        } else {
            printText(report, settings, images.size(), faceless, unreadable);
            if (found != null) {
                var a = found.accuracy();
                out().printf(Locale.ROOT, "pairs with both faces found: %d; accuracy on them: %.2f%%%s (threshold"
                                + " %.4f)%n", found.pairs(), 100 * a.mean(),
                        a.folds() > 1 ? String.format(Locale.ROOT, " ± %.2f%%", 100 * a.std()) : "", a.threshold());
            }
        }
        out().flush();
        return 0;
    }

    /**
     * The LFW protocol: of the faces found, the one nearest the image centre is the subject (a face whose
     * recognition crop falls outside the image is passed over for the next nearest).
     *
     * @return its descriptor, {@code float[128]}, or {@code null} if no face was found
     */
    static float[] centreFaceDescriptor(FaceEngine engine, RgbImage image, AnalysisOptions settings) {
        List<Detection> detections = engine.detect(image, settings);
        for (Detection d : nearestCentreFirst(detections, image.width(), image.height())) {
            try {
                return engine.describe(image, d).descriptor();
            } catch (FaceOutsideImageException e) {
                // no pixel of the crop inside the image: try the next face
            }
        }
        return null;
    }

    /**
     * The same metrics on the pairs whose two faces were found, to separate detection misses from recognition
     * errors.
     *
     * @return the report, or {@code null} if some fold is left without such a pair
     */
    static VerificationReport facesFound(List<PairScore> scores, int folds) {
        List<PairScore> found = scores.stream().filter(s -> !s.noFace()).toList();
        for (int f = 0; f < folds; f++) {
            int fold = f;
            if (found.stream().noneMatch(s -> s.fold() == fold)) {
                return null;
            }
        }
        return VerificationMetrics.evaluate(found, folds);
    }

    private LfwPairs readPairs() {
        try {
            return LfwPairs.read(pairsFile);
        } catch (PairsFileException e) {
            throw new CliException(e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException(sentence(pairsFile, e), e);
        }
    }

    private List<Path> imagesOf(LfwPairs pairs) {
        if (!Files.isDirectory(imagesDir)) {
            throw new CliException(imagesDir + " is not a folder. Point --images at the LFW image folder (one"
                    + " sub-folder per person).");
        }
        Set<Path> unique = new LinkedHashSet<>();
        for (LfwPair p : pairs.pairs()) {
            unique.add(p.image1(imagesDir));
            unique.add(p.image2(imagesDir));
        }
        List<Path> missing = unique.stream().filter(p -> !Files.isRegularFile(p)).toList();
        if (!missing.isEmpty()) {
            throw new CliException(missing.size() + " of the " + unique.size() + " images named in " + pairsFile
                    + " are missing, e.g. " + missing.get(0) + ". Check that --images points at the LFW image folder"
                    + " (DIR/name/name_0001.jpg).");
        }
        return new ArrayList<>(unique);
    }

    private void printText(VerificationReport r, AnalysisOptions s, int images, int faceless, int unreadable) {
        var o = out();
        o.printf(Locale.ROOT, "detector: %s, input size %d, min score %.2f%n", name(s), s.inputSize(), s.minScore());
        o.printf(Locale.ROOT, "images: %d (%d without a face, %d unreadable)%n", images, faceless, unreadable);
        o.printf(Locale.ROOT, "pairs: %d (%d same, %d different), %d without a face (counted as errors)%n",
                r.pairs(), r.genuine(), r.impostor(), r.noFace());
        var a = r.accuracy();
        if (a.folds() > 1) {
            o.printf(Locale.ROOT, "accuracy: %.2f%% ± %.2f%% (%d-fold; threshold on all pairs %.4f)%n",
                    100 * a.mean(), 100 * a.std(), a.folds(), a.threshold());
        } else {
            o.printf(Locale.ROOT, "accuracy: %.2f%% at the best threshold %.4f (no folds: chosen on the same pairs)%n",
                    100 * a.mean(), a.threshold());
        }
        for (TarAtFmr t : r.tarAtFmr()) {
            if (t.available()) {
                o.printf(Locale.ROOT, "TAR @ FMR %.0e: %.2f%% (threshold %.4f, FMR reached %.4f%%)%n", t.fmr(),
                        100 * t.tar(), t.threshold(), 100 * t.achievedFmr());
            } else {
                o.printf(Locale.ROOT, "TAR @ FMR %.0e: n/a (%s)%n", t.fmr(), t.note());
            }
        }
        o.printf(Locale.ROOT, "EER: %.2f%% (threshold %.4f)%n", 100 * r.eer().rate(), r.eer().threshold());
    }

    private Map<String, Object> toJson(VerificationReport r, AnalysisOptions s, int images, int faceless,
                                       int unreadable) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairsFile", pairsFile.toString());
        m.put("imagesDir", imagesDir.toString());
        Map<String, Object> detector = new LinkedHashMap<>();
        detector.put("name", name(s));
        detector.put("inputSize", s.inputSize());
        detector.put("minScore", s.minScore());
        m.put("detector", detector);
        m.put("images", images);
        m.put("imagesWithoutFace", faceless);
        m.put("imagesUnreadable", unreadable);
        m.put("pairs", r.pairs());
        m.put("same", r.genuine());
        m.put("different", r.impostor());
        m.put("pairsWithoutFace", r.noFace());
        m.put("accuracy", accuracyJson(r.accuracy()));
        List<Map<String, Object>> tars = new ArrayList<>();
        for (TarAtFmr t : r.tarAtFmr()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("fmr", t.fmr());
            e.put("tar", t.available() ? t.tar() : "n/a");
            e.put("threshold", num(t.threshold()));
            e.put("achievedFmr", num(t.achievedFmr()));
            if (!t.available()) {
                e.put("note", t.note());
            }
            tars.add(e);
        }
        m.put("tarAtFmr", tars);
        Map<String, Object> eer = new LinkedHashMap<>();
        eer.put("rate", num(r.eer().rate()));
        eer.put("threshold", num(r.eer().threshold()));
        m.put("eer", eer);
        return m;
    }

    private static Map<String, Object> accuracyJson(VerificationReport.Accuracy a) {
        Map<String, Object> acc = new LinkedHashMap<>();
        acc.put("mean", num(a.mean()));
        acc.put("std", num(a.std()));
        acc.put("threshold", num(a.threshold()));
        acc.put("folds", a.folds());
        acc.put("foldAccuracies", a.foldAccuracies());
        acc.put("foldThresholds", a.foldThresholds().stream().map(EvaluateCommand::num).toList());
        return acc;
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String name(AnalysisOptions s) {
        return s.detector().name().toLowerCase(Locale.ROOT);
    }
}
