package io.facegate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.function.Supplier;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.InvalidImageException;
import io.facegate.face.eval.IdentificationProtocol;
import io.facegate.face.eval.IdentificationProtocol.Part;
import io.facegate.face.eval.IdentificationProtocol.Run;
import io.facegate.face.eval.IdentificationSweep;
import io.facegate.face.eval.LfwPair;
import io.facegate.face.eval.LfwPairs;
import io.facegate.face.eval.PairsFileException;
import io.facegate.face.image.ImageRejectedException;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.match.MatchPolicy;
import io.facegate.face.match.TemplateAdaptation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code identification --images DIR [--exclude-pairs FILE] --cache FILE}: the identification (1:N) protocol of
 * {@link IdentificationProtocol} on an LFW-layout folder (every {@code DIR/name/name_NNNN.jpg} not named in the
 * excluded pairs file, e.g. View 1's {@code pairsDevTest.txt}). Each image is described once (face nearest the
 * centre) and kept in {@code --cache} (the {@code evaluate --cache} format, so that file can seed it). Reports,
 * per gallery size: the identification rate, FPIR and wrong accepts of the match policy, and the identification
 * rate at the largest identification threshold whose FPIR is at most {@code --target-fpir} (margin and
 * verification threshold kept), for each margin of {@code --margins}; and the per-comparison FMR of the
 * verification threshold on the half's images. Exit 0, or 2 with a sentence.
 */
@Command(name = "identification", mixinStandardHelpOptions = true,
        description = "Measure identification (1:N): identification rate at an FPIR, for galleries of N users.")
final class IdentificationCommand extends EngineCommand {

    private static final Pattern IMAGE = Pattern.compile("(.+)_(\\d{4})\\.jpg");

    @Option(names = "--images", required = true, paramLabel = "DIR",
            description = "LFW image folder: DIR/name/name_0001.jpg.")
    Path imagesDir;

    @Option(names = "--exclude-pairs", paramLabel = "FILE",
            description = "Leave out every image named in this pairs file (e.g. View 1's pairsDevTest.txt).")
    Path excludePairs;

    @Option(names = "--cache", required = true, paramLabel = "FILE",
            description = "Descriptor cache: images found in it are not described again; the file is rewritten"
                    + " with every image used.")
    Path cache;

    @Option(names = "--cached-only", description = "Use only the images already in --cache; describe none.")
    boolean cachedOnly;

    @Option(names = "--part", defaultValue = "report", paramLabel = "calibration|report",
            description = "Which half of the people (split alternately by name): calibration or report.")
    String part;

    @Option(names = "--gallery-sizes", split = ",", defaultValue = "10,100,1000", paramLabel = "N,...",
            description = "Gallery sizes (enrolled users).")
    List<Integer> gallerySizes;

    @Option(names = "--rounds", defaultValue = "10", paramLabel = "R", description = "Galleries drawn per size.")
    int rounds;

    @Option(names = "--target-fpir", defaultValue = "1e-3", paramLabel = "F",
            description = "FPIR at which the identification rate is also reported.")
    double targetFpir;

    @Option(names = "--margins", split = ",", paramLabel = "D,...",
            description = "Margins to report at the target FPIR. Default: the policy's margin.")
    List<Double> margins;

    @Option(names = "--verification-threshold", paramLabel = "D",
            description = "Match policy: 1:1 threshold, a distance to the user's mean template (also every frame's"
                    + " limit in 1:N). Default: the server's.")
    Double verificationThreshold;

    @Option(names = "--identification-threshold", paramLabel = "D",
            description = "Match policy: 1:N score threshold for up to 10 users. Default: the server's.")
    Double identificationThreshold;

    @Option(names = "--threshold-drop", paramLabel = "D",
            description = "Match policy: how much the 1:N score threshold drops per tenfold more users. Default: the"
                    + " server's (0 with --score nearest).")
    Double thresholdDrop;

    @Option(names = "--score", paramLabel = "spread|nearest", description = "Match policy: 1:N score: spread"
            + " (spread-normalised mean template distance, the server's) or nearest (fused nearest distance, the"
            + " earlier rule).")
    String score;

    @Option(names = "--identification-margin", paramLabel = "D",
            description = "Match policy: 1:N margin to the second user. Default: the server's.")
    Double identificationMargin;

    @Option(names = "--adaptation", description = "Also simulate adaptive templates (logins in image order may add"
            + " templates, TemplateAdaptation.DEFAULT): identification after 1, 3 and 10 logins with and without"
            + " adaptation, and the strangers' FPIR against the adapted templates.")
    boolean adaptation;

    /** Seed of the gallery draws, fixed so that runs repeat. */
    static final long SEED = 20261205L;

    IdentificationCommand(EngineLoan engines, Supplier<ImageDecoder> decoder) {
        super(engines, decoder);
    }

    @Override
    public Integer call() throws Exception {
        Part half = switch (part.toLowerCase(Locale.ROOT)) {
            case "calibration" -> Part.CALIBRATION;
            case "report" -> Part.REPORT;
            default -> throw new CliException("--part is '" + part + "'; it takes calibration or report.");
        };
        if (rounds < 1) {
            throw new CliException("--rounds must be at least 1.");
        }
        if (!(targetFpir > 0 && targetFpir < 1)) {
            throw new CliException("--target-fpir must be between 0 and 1.");
        }
        MatchPolicy base = MatchPolicy.DEFAULT;
        boolean spread = switch (score == null ? "spread" : score.toLowerCase(Locale.ROOT)) {
            case "spread" -> true;
            case "nearest" -> false;
            default -> throw new CliException("--score is '" + score + "'; it takes spread or nearest.");
        };
        MatchPolicy policy;
        try {
            policy = new MatchPolicy(
                    verificationThreshold != null ? verificationThreshold : base.verificationThreshold(),
                    identificationThreshold != null ? identificationThreshold : base.identificationThreshold(),
                    identificationMargin != null ? identificationMargin : base.identificationMargin(),
                    thresholdDrop != null ? thresholdDrop : spread ? base.thresholdDropPerDecade() : 0, spread);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        List<Path> images = images();
        Map<Path, float[]> descriptors = describe(images);
        List<IdentificationProtocol.Image> samples = new ArrayList<>();
        for (Path image : images) {
            float[] d = descriptors.get(image);
            Matcher m = IMAGE.matcher(image.getFileName().toString());
            if (d != null && m.matches()) {
                samples.add(new IdentificationProtocol.Image(image.getParent().getFileName().toString(),
                        Integer.parseInt(m.group(2)), d));
            }
        }
        IdentificationProtocol protocol = new IdentificationProtocol(samples);
        var o = out();
        o.printf(Locale.ROOT, "images: %d, %d with a face; %s half: %d people, %d targets (>= %d images; %d with >= 5)%n",
                images.size(), samples.size(), half.name().toLowerCase(Locale.ROOT), protocol.people(half).size(),
                protocol.targets(half).size(), IdentificationProtocol.MIN_TARGET_IMAGES,
                protocol.targets(half).stream().filter(p -> protocol.images(p).size() >= 5).count());
        o.printf(Locale.ROOT, "policy: verification %.4f, identification %.4f (score %s, %.4f less per tenfold users"
                        + " above 10), margin %.4f%n", policy.verificationThreshold(), policy.identificationThreshold(),
                policy.spreadNormalised() ? "spread" : "nearest", policy.thresholdDropPerDecade(),
                policy.identificationMargin());
        long[] users = protocol.verificationAgainstUsers(half, policy);
        o.printf(Locale.ROOT, "verification %.4f (distance to the user's mean template, each target enrolled from %d"
                        + " images): FMR %.2e (%d of %d comparisons of an image with another person's templates);"
                        + " genuine probes accepted %.2f%% (%d of %d), FNMR %.2f%%%n", policy.verificationThreshold(),
                IdentificationProtocol.ENROLLED_IMAGES, (double) users[3] / users[2], users[3], users[2],
                100.0 * users[1] / users[0], users[1], users[0], 100.0 - 100.0 * users[1] / users[0]);
        long[] fmr = protocol.impostorComparisons(half, policy.verificationThreshold());
        o.printf(Locale.ROOT, "  the same threshold between two single images: FMR %.2e (%d of %d impostor image"
                        + " pairs)%n", (double) fmr[1] / fmr[0], fmr[1], fmr[0]);
        List<Double> sweep = margins == null || margins.isEmpty() ? List.of(policy.identificationMargin()) : margins;
        for (int n : gallerySizes) {
            Run run;
            try {
                run = protocol.run(half, n, rounds, policy, SEED + n);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), e);
            }
            var r = IdentificationSweep.at(run.attempts(), policy);
            o.printf(Locale.ROOT, "N=%d (%d galleries, threshold %.4f): identified %.2f%% of %d mated attempts"
                            + " (wrong user %d); FPIR %.2e (%d of %d non-mated attempts)%n", n, run.rounds(),
                    policy.identificationThreshold(n), 100 * r.identificationRate(), r.mated(), r.wrong(), r.fpir(),
                    r.falsePositives(), r.nonMated());
            for (double margin : sweep) {
                MatchPolicy at = new MatchPolicy(policy.verificationThreshold(), policy.identificationThreshold(),
                        margin, policy.thresholdDropPerDecade(), policy.spreadNormalised());
                var f = IdentificationSweep.atFpir(run.attempts(), at, targetFpir);
                o.printf(Locale.ROOT, "  at FPIR <= %.0e, margin %.3f: identification threshold %.4f -> identified"
                                + " %.2f%% (wrong user %d), FPIR %.2e%n", targetFpir, margin,
                        f.identificationThreshold(), 100 * f.identificationRate(), f.wrong(), f.fpir());
            }
            if (adaptation) {
                printAdaptation(protocol.adapt(half, n, rounds, policy, TemplateAdaptation.DEFAULT, SEED + n), policy,
                        r.fpir());
            }
            o.flush();
        }
        return 0;
    }

    private void printAdaptation(IdentificationProtocol.AdaptationRun run, MatchPolicy policy, double fixedFpir) {
        var o = out();
        for (int after : new int[] {0, 1, 3, 10}) {
            int count = 0;
            int with = 0;
            int without = 0;
            for (IdentificationProtocol.Login l : run.logins()) {
                if (l.number() > after) {
                    count++;
                    with += accepted(l.with(), policy) ? 1 : 0;
                    without += accepted(l.without(), policy) ? 1 : 0;
                }
            }
            o.printf(Locale.ROOT, "  adaptation: logins after >= %d earlier logins: %d; identified %.2f%% with"
                            + " adaptation, %.2f%% without%n", after, count, count == 0 ? Double.NaN : 100.0 * with / count,
                    count == 0 ? Double.NaN : 100.0 * without / count);
        }
        var s = IdentificationSweep.at(run.strangers(), policy);
        o.printf(Locale.ROOT, "  adaptation: %d templates added (%d to a wrong user); strangers' FPIR against the"
                        + " adapted templates %.2e (%d of %d), setup templates only %.2e%n", run.added(),
                run.addedToWrongUser(), s.fpir(), s.falsePositives(), s.nonMated(), fixedFpir);
    }

    private static boolean accepted(IdentificationProtocol.Attempt a, MatchPolicy policy) {
        return a.ownerFirst() && IdentificationSweep.accepts(a, policy);
    }

    private List<Path> images() throws IOException {
        if (!Files.isDirectory(imagesDir)) {
            throw new CliException(imagesDir + " is not a folder. Point --images at the LFW image folder (one"
                    + " sub-folder per person).");
        }
        Set<Path> excluded = new HashSet<>();
        if (excludePairs != null) {
            try {
                for (LfwPair p : LfwPairs.read(excludePairs).pairs()) {
                    excluded.add(p.image1(imagesDir));
                    excluded.add(p.image2(imagesDir));
                }
            } catch (PairsFileException e) {
                throw new CliException(e.getMessage(), e);
            } catch (IOException e) {
                throw new CliException(sentence(excludePairs, e), e);
            }
        }
        try (Stream<Path> files = Files.walk(imagesDir, 2)) {
            return files.filter(f -> f.getNameCount() == imagesDir.getNameCount() + 2)
                    .filter(f -> IMAGE.matcher(f.getFileName().toString()).matches())
                    .filter(f -> !excluded.contains(f)).sorted().toList();
        }
    }

    private Map<Path, float[]> describe(List<Path> images) throws Exception {
        AnalysisOptions settings = options.analysisOptions();
        String key = settings.pipeline().version() + "|" + settings.detector().name().toLowerCase(Locale.ROOT) + "|"
                + settings.inputSize() + "|" + settings.minScore();
        DescriptorCache store = new DescriptorCache(cache, imagesDir, key);
        Map<Path, float[]> known;
        try {
            known = store.read();
        } catch (IOException | RuntimeException e) {
            throw new CliException("--cache " + cache + " cannot be read (" + e.getMessage() + "); remove it or"
                    + " name another file.", e);
        }
        Map<Path, float[]> descriptors = new LinkedHashMap<>(known);
        List<Path> missing = cachedOnly ? List.of() : images.stream().filter(i -> !known.containsKey(i)).toList();
        err().printf(Locale.ROOT, "%d of %d images in %s; describing %d%n",
                images.stream().filter(known::containsKey).count(), images.size(), cache, missing.size());
        if (!missing.isEmpty()) {
            withEngine(engine -> {
                int step = Math.max(1, missing.size() / 20);
                for (int i = 0; i < missing.size(); i++) {
                    Path file = missing.get(i);
                    try {
                        descriptors.put(file, EvaluateCommand.centreFaceDescriptor(engine, decode(file), settings));
                    } catch (IOException | ImageRejectedException | InvalidImageException e) {
                        err().println(sentence(file, e));
                    }
                    if ((i + 1) % step == 0 || i + 1 == missing.size()) {
                        err().printf(Locale.ROOT, "described %d/%d images%n", i + 1, missing.size());
                        err().flush();
                    }
                }
                return 0;
            });
            store.write(descriptors);
        }
        return descriptors;
    }
}
