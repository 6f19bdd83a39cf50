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
import java.util.function.Supplier;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.Pipeline;
import io.facegate.face.Detection;
import io.facegate.face.FaceEngine;
import io.facegate.face.InvalidImageException;
import io.facegate.face.eval.LfwPair;
import io.facegate.face.eval.LfwPairs;
import io.facegate.face.eval.OpenSetEvaluation;
import io.facegate.face.match.MatchPolicy;
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
 * too. Metrics are those of {@link VerificationMetrics}. With {@code --all-impostors}, also the open-set figures
 * of {@link OpenSetEvaluation} (every image against every image of the other people; thresholds at FMR
 * 1e-3/1e-4/1e-5; FMR and FNMR of a match policy, by default {@link MatchPolicy#NEAREST_RULE}; simulated
 * identification for 10, 100 and 1000 enrolled users). {@code --pipeline} chooses faceapi or server;
 * {@code --cache FILE} keeps the descriptors between runs. Text report by default, one JSON object with
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

    @Option(names = "--all-impostors", description = "Also compare every described image with every image of the"
            + " other people of the pairs list (FMR down to 1e-5), report the thresholds at FMR 1e-3/1e-4/1e-5, the"
            + " FMR and FNMR of the match policy, and simulated identification with 10, 100 and 1000 enrolled"
            + " users.")
    boolean allImpostors;

    @Option(names = "--verification-threshold", paramLabel = "D",
            description = "Match policy to report with --all-impostors: 1:1 distance threshold. Default: the"
                    + " server's default.")
    Double verificationThreshold;

    @Option(names = "--identification-threshold", paramLabel = "D",
            description = "Match policy to report: 1:N nearest-distance threshold of the single-image open-set"
                    + " estimate. Default: the earlier rule's 0.41 (the server's spread-normalised rule is measured by"
                    + " the identification command).")
    Double identificationThreshold;

    @Option(names = "--identification-margin", paramLabel = "D",
            description = "Match policy to report: 1:N margin to the second-nearest user. Default: the earlier rule's"
                    + " default.")
    Double identificationMargin;

    @Option(names = "--cache", paramLabel = "FILE",
            description = "Keep the descriptors in FILE: read them from it when it was written with the same pipeline"
                    + " and detector settings, else describe the images and write it. Lets policies be compared"
                    + " without describing the images again.")
    Path cache;

    /** Gallery sizes of the identification simulation. */
    static final int[] GALLERY_SIZES = {10, 100, 1000};
    /** Impostor and genuine probes per gallery size. */
    static final int IDENTIFICATION_TRIALS = 5000;
    /** Seed of the identification simulation, fixed so that runs repeat. */
    static final long SEED = 20261129L;

    EvaluateCommand(EngineLoan engines, Supplier<ImageDecoder> decoder) {
        super(engines, decoder);
    }

    @Override
    public Integer call() throws Exception {
        // The login's pipeline by default: evaluate measures what the product does (describe and compare keep
        // face-api.js's, for parity).
        AnalysisOptions settings = options.analysisOptions(Pipeline.SERVER);
        LfwPairs pairs = readPairs();
        List<Path> images = imagesOf(pairs);
        Map<Path, float[]> descriptors = new HashMap<>();
        int[] counts = new int[2]; // [unreadable, faceless]
        String cacheKey = settings.pipeline().version() + "|" + name(settings) + "|" + settings.inputSize() + "|"
                + settings.minScore();
        if (readCache(cacheKey, images, descriptors)) {
            counts[1] = (int) descriptors.values().stream().filter(d -> d == null).count();
            counts[0] = images.size() - descriptors.size();
        } else {
            withEngine(engine -> {
                int step = Math.max(1, images.size() / 10);
                for (int i = 0; i < images.size(); i++) {
                    Path file = images.get(i);
                    try {
                        float[] d = centreFaceDescriptor(engine, decode(file), settings);
                        descriptors.put(file, d);
                        counts[1] += d == null ? 1 : 0;
                        if (d == null && counts[1] <= 10) {
                            err().println("no face found in " + file);
                        }
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
        }
        if (cache != null) {
            writeCache(cacheKey, descriptors);
        }
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
        Map<String, Object> open = allImpostors ? openSet(descriptors, scores) : null;
        if (json) {
            Map<String, Object> m = toJson(report, settings, images.size(), faceless, unreadable);
            if (open != null) {
                m.put("allImpostors", open);
            }
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
            if (open != null) {
                printOpenSet(open);
            }
        }
        out().flush();
        return 0;
    }

    /** @return whether the images' descriptors (or their absence) were read from {@code --cache} */
    private boolean readCache(String key, List<Path> images, Map<Path, float[]> into) {
        if (cache == null || !Files.isRegularFile(cache)) {
            return false;
        }
        try {
            Map<Path, float[]> read = new DescriptorCache(cache, imagesDir, key).read();
            if (read.isEmpty()) {
                err().println("--cache " + cache + " was written with other settings; describing the images again.");
                return false;
            }
            for (Path image : images) {
                if (read.containsKey(image)) {
                    into.put(image, read.get(image));
                }
            }
            err().println("read " + into.size() + " descriptors from " + cache);
            return true;
        } catch (IOException | RuntimeException e) {
            err().println("--cache " + cache + " is unreadable (" + e.getMessage() + "); describing the images again.");
            into.clear();
            return false;
        }
    }

    private void writeCache(String key, Map<Path, float[]> descriptors) throws IOException {
        new DescriptorCache(cache, imagesDir, key).write(descriptors);
    }

    /** The {@code --all-impostors} report, see {@link OpenSetEvaluation}. */
    private Map<String, Object> openSet(Map<Path, float[]> descriptors, List<PairScore> scores) {
        List<OpenSetEvaluation.Sample> samples = new ArrayList<>();
        descriptors.forEach((file, d) -> {
            if (d != null) {
                samples.add(new OpenSetEvaluation.Sample(file.getParent().getFileName().toString(), d));
            }
        });
        OpenSetEvaluation open = new OpenSetEvaluation(samples);
        // the single-image open-set estimate compares plain distances: the earlier nearest-distance 1:N rule
        MatchPolicy base = MatchPolicy.NEAREST_RULE;
        MatchPolicy policy = new MatchPolicy(
                verificationThreshold != null ? verificationThreshold : base.verificationThreshold(),
                identificationThreshold != null ? identificationThreshold : base.identificationThreshold(),
                identificationMargin != null ? identificationMargin : base.identificationMargin());
        List<PairScore> genuine = scores.stream().filter(PairScore::same).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("people", open.persons());
        m.put("imagesWithFace", samples.size());
        m.put("impostorComparisons", open.impostorComparisons());
        m.put("sameComparisons", open.genuineComparisons());
        m.put("closestImpostor", open.closestImpostor());
        List<Map<String, Object>> at = new ArrayList<>();
        for (double fmr : new double[] {1e-3, 1e-4, 1e-5}) {
            Map<String, Object> e = new LinkedHashMap<>();
            double t = open.thresholdAtFmr(fmr);
            e.put("fmr", fmr);
            e.put("decidedBy", (int) Math.floor(fmr * open.impostorComparisons()) + 1);
            e.put("threshold", t);
            e.put("tarListedPairs", 1 - fnmr(genuine, t));
            e.put("tarAllSame", 1 - open.fnmrAllGenuine(t));
            at.add(e);
        }
        m.put("thresholdAtFmr", at);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("verificationThreshold", policy.verificationThreshold());
        p.put("identificationThreshold", policy.identificationThreshold());
        p.put("identificationMargin", policy.identificationMargin());
        p.put("fmr", open.fmr(policy.verificationThreshold()));
        p.put("fnmrListedPairs", fnmr(genuine, policy.verificationThreshold()));
        p.put("fnmrAllSame", open.fnmrAllGenuine(policy.verificationThreshold()));
        m.put("policy", p);
        List<Map<String, Object>> ids = new ArrayList<>();
        for (int n : GALLERY_SIZES) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("galleryUsers", n);
            if (n >= open.persons()) {
                e.put("note", "needs more than " + n + " people; this set has " + open.persons());
                e.put("estimatedFalseAccept", 1 - Math.pow(1 - open.fmr(policy.identificationThreshold()), n));
            } else {
                var r = open.identification(n, policy, IDENTIFICATION_TRIALS, SEED + n);
                e.put("impostorTrials", r.impostorTrials());
                e.put("falseAccepts", r.falseAccepts());
                e.put("falseAcceptRate", r.falseAcceptRate());
                e.put("estimatedFalseAccept", r.estimatedFalseAccept());
                e.put("genuineTrials", r.genuineTrials());
                e.put("correctRate", r.correctRate());
                e.put("wrongAccepts", r.wrongAccepts());
            }
            ids.add(e);
        }
        m.put("identification", ids);
        return m;
    }

    @SuppressWarnings("unchecked")
    private void printOpenSet(Map<String, Object> m) {
        var o = out();
        o.printf(Locale.ROOT, "all impostors: %s people, %s images with a face, %s impostor comparisons (closest"
                        + " %.4f), %s same-person comparisons%n", m.get("people"), m.get("imagesWithFace"),
                m.get("impostorComparisons"), (Double) m.get("closestImpostor"), m.get("sameComparisons"));
        for (Map<String, Object> e : (List<Map<String, Object>>) m.get("thresholdAtFmr")) {
            o.printf(Locale.ROOT, "  FMR %.0e: threshold %.4f (decided by the %s-th closest impostor); TAR %.2f%%"
                            + " on the listed same pairs (no face = reject), %.2f%% on all same-person comparisons%n",
                    (Double) e.get("fmr"), (Double) e.get("threshold"), e.get("decidedBy"),
                    100 * (Double) e.get("tarListedPairs"), 100 * (Double) e.get("tarAllSame"));
        }
        Map<String, Object> p = (Map<String, Object>) m.get("policy");
        o.printf(Locale.ROOT, "policy: verification %.4f -> FMR %.2e, FNMR %.2f%% (listed same pairs), %.2f%% (all"
                        + " same-person comparisons); identification %.4f, margin %.4f%n",
                (Double) p.get("verificationThreshold"), (Double) p.get("fmr"), 100 * (Double) p.get("fnmrListedPairs"),
                100 * (Double) p.get("fnmrAllSame"), (Double) p.get("identificationThreshold"),
                (Double) p.get("identificationMargin"));
        for (Map<String, Object> e : (List<Map<String, Object>>) m.get("identification")) {
            if (e.containsKey("note")) {
                o.printf(Locale.ROOT, "  N=%s: not simulated (%s); estimate 1-(1-FMR)^N = %.2e%n",
                        e.get("galleryUsers"), e.get("note"), (Double) e.get("estimatedFalseAccept"));
            } else {
                o.printf(Locale.ROOT, "  N=%s: non-enrolled probes accepted %s/%s = %.2e (estimate %.2e); enrolled"
                                + " probes identified %.2f%%, as someone else %s/%s%n", e.get("galleryUsers"),
                        e.get("falseAccepts"), e.get("impostorTrials"), (Double) e.get("falseAcceptRate"),
                        (Double) e.get("estimatedFalseAccept"), 100 * (Double) e.get("correctRate"),
                        e.get("wrongAccepts"), e.get("genuineTrials"));
            }
        }
    }

    /** Share of genuine pairs rejected at the threshold (distance > t), a pair without a face rejected. */
    private static double fnmr(List<PairScore> genuine, double t) {
        long accepted = genuine.stream().filter(s -> !s.noFace() && s.distance() <= t).count();
        return genuine.isEmpty() ? Double.NaN : 1.0 - (double) accepted / genuine.size();
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
                return engine.describe(image, d, settings.pipeline()).descriptor();
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
        o.printf(Locale.ROOT, "pipeline: %s; detector: %s, input size %d, min score %.2f%n",
                s.pipeline().name().toLowerCase(Locale.ROOT), name(s), s.inputSize(), s.minScore());
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
        m.put("pipeline", s.pipeline().name().toLowerCase(Locale.ROOT));
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
