package io.facegate.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.function.Supplier;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.EnrollmentRules;
import io.facegate.face.FaceEngine;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.ImageRejectedException;
import io.facegate.face.image.RgbImage;
import io.facegate.face.match.Gallery;
import io.facegate.face.match.Identification;
import io.facegate.face.match.MatchPolicy;
import io.facegate.face.match.Template;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code webcam-check --people DIR}: the product's face decisions on a folder of people never seen, one sub-folder
 * per person ({@code DIR/name/*.jpg|jpeg|png}, in file-name order): the first {@code --setup} pictures (3) are the
 * person's Face ID setup, the others are login probes, each one login of one picture ({@code LIVENESS=off}).
 * Every picture is first placed in a {@code --frame} webcam-sized frame (default 640×480: scaled to fit, centred on
 * grey, JPEG 0.85), after keeping the central {@code --crop} share of it (default 1: all). Then, with the server's
 * defaults ({@link MatchPolicy#DEFAULT}, the server pipeline, the frame checks of {@link FrameAnalyzer.Rules#DEFAULT}
 * and for setup pictures also {@link EnrollmentRules#DEFAULT}):
 * <ul>
 *   <li>genuine 1:N: each probe searched among all enrolled people (N = their number), identified when the
 *       person is accepted; accepted as somebody else is a false accept;</li>
 *   <li>genuine 1:1: each probe verified against the person's own templates;</li>
 *   <li>impostor 1:N: every accepted picture of each person searched among all the <em>other</em> people;</li>
 *   <li>impostor 1:1: each probe verified against every other person's templates.</li>
 * </ul>
 * A person whose setup pictures are not all accepted is left out (counted). Exit 0, or 2 with a sentence.
 */
@Command(name = "webcam-check", mixinStandardHelpOptions = true,
        description = "Genuine 1:N and 1:1 rates and false accepts, with the server's defaults, on a folder of people"
                + " (3 setup pictures and 1 or more probes each) placed in webcam-sized frames.")
final class WebcamCheckCommand extends EngineCommand {

    private static final String VERSION = "webcam-check";

    @Option(names = "--people", required = true, paramLabel = "DIR",
            description = "One sub-folder per person: setup pictures first, then probes (file-name order).")
    Path peopleDir;

    @Option(names = "--setup", defaultValue = "3", paramLabel = "K", description = "Setup pictures per person.")
    int setup;

    @Option(names = "--frame", defaultValue = "640x480", paramLabel = "WxH|none",
            description = "Place each picture in a frame of this size (scaled to fit, grey border, JPEG 0.85).")
    String frame;

    @Option(names = "--crop", defaultValue = "1", paramLabel = "F",
            description = "Keep the central share F (0.2-1) of each picture's width and height before framing.")
    double crop;

    WebcamCheckCommand(EngineLoan engines, Supplier<ImageDecoder> decoder) {
        super(engines, decoder);
    }

    private record Picture(Path file, boolean forSetup) {
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(peopleDir)) {
            throw new CliException(peopleDir + " is not a folder. Point --people at a folder with one sub-folder"
                    + " per person.");
        }
        if (setup < 1) {
            throw new CliException("--setup must be at least 1.");
        }
        if (!(crop >= 0.2 && crop <= 1)) {
            throw new CliException("--crop must be between 0.2 and 1.");
        }
        int[] size = frameSize();
        Map<String, List<Picture>> people = people();
        if (people.isEmpty()) {
            throw new CliException("No sub-folder of " + peopleDir + " has " + (setup + 1) + " pictures or more.");
        }
        AnalysisOptions settings = options.analysisOptions(Pipeline.SERVER);
        return withEngine(engine -> report(engine, settings, people, size));
    }

    private int report(FaceEngine engine, AnalysisOptions settings, Map<String, List<Picture>> people, int[] size) {
        FrameAnalyzer frames = new FrameAnalyzer(decoder(), engine, settings, FrameAnalyzer.Rules.DEFAULT);
        Gallery gallery = new Gallery(MatchPolicy.DEFAULT, VERSION);
        Map<String, List<float[]>> probes = new LinkedHashMap<>();
        Map<String, List<float[]>> accepted = new LinkedHashMap<>();
        Map<String, Integer> refusals = new TreeMap<>();
        int refusedSetups = 0;
        int refusedProbes = 0;
        for (Map.Entry<String, List<Picture>> person : people.entrySet()) {
            List<float[]> setupDescriptors = new ArrayList<>();
            List<float[]> probeDescriptors = new ArrayList<>();
            boolean setupOk = true;
            for (Picture p : person.getValue()) {
                Optional<float[]> d = describe(frames, p, size, refusals);
                if (d.isEmpty()) {
                    if (p.forSetup()) {
                        setupOk = false;
                    } else {
                        refusedProbes++;
                    }
                } else if (p.forSetup()) {
                    setupDescriptors.add(d.get());
                } else {
                    probeDescriptors.add(d.get());
                }
            }
            if (!setupOk) {
                refusedSetups++;
                continue;
            }
            setupDescriptors.forEach(d -> gallery.add(new Template(person.getKey(), d, VERSION)));
            probes.put(person.getKey(), probeDescriptors);
            List<float[]> all = new ArrayList<>(setupDescriptors);
            all.addAll(probeDescriptors);
            accepted.put(person.getKey(), all);
        }
        int genuine = 0;
        int identified = 0;
        int verified = 0;
        int wrongUser = 0;
        for (Map.Entry<String, List<float[]>> e : probes.entrySet()) {
            for (float[] d : e.getValue()) {
                genuine++;
                Identification id = gallery.identify(List.of(d), u -> true);
                if (id.accepted() && e.getKey().equals(id.candidateUserId())) {
                    identified++;
                } else if (id.accepted()) {
                    wrongUser++;
                }
                verified += gallery.verify(e.getKey(), d).match() ? 1 : 0;
            }
        }
        int impostor1n = 0;
        int falseAccepts1n = 0;
        for (Map.Entry<String, List<float[]>> e : accepted.entrySet()) {
            for (float[] d : e.getValue()) {
                impostor1n++;
                falseAccepts1n += gallery.identify(List.of(d), u -> !u.equals(e.getKey())).accepted() ? 1 : 0;
            }
        }
        int impostor11 = 0;
        int falseAccepts11 = 0;
        for (Map.Entry<String, List<float[]>> e : probes.entrySet()) {
            for (float[] d : e.getValue()) {
                for (String other : probes.keySet()) {
                    if (!other.equals(e.getKey())) {
                        impostor11++;
                        falseAccepts11 += gallery.verify(other, d).match() ? 1 : 0;
                    }
                }
            }
        }
        var o = out();
        MatchPolicy p = MatchPolicy.DEFAULT;
        o.printf(Locale.ROOT, "people: %d with %d+ pictures, %d enrolled (%d setups refused by the frame checks);"
                        + " frame %s, crop %.2f%n", people.size(), setup + 1, probes.size(), refusedSetups,
                size == null ? "none" : size[0] + "x" + size[1], crop);
        o.printf(Locale.ROOT, "policy: verification %.3f (distance to the mean template), identification %.3f at"
                        + " N=%d (score %s), margin %.2f%n",
                p.verificationThreshold(), p.identificationThreshold(probes.size()), probes.size(),
                p.spreadNormalised() ? "spread" : "nearest", p.identificationMargin());
        o.printf(Locale.ROOT, "probes refused by the frame checks: %d; refusals by code: %s%n", refusedProbes,
                refusals);
        o.printf(Locale.ROOT, "genuine 1:N: %d of %d probes identified (%.1f%%), %d accepted as another person%n",
                identified, genuine, percent(identified, genuine), wrongUser);
        o.printf(Locale.ROOT, "genuine 1:1: %d of %d probes verified (%.1f%%)%n", verified, genuine,
                percent(verified, genuine));
        o.printf(Locale.ROOT, "false accepts: 1:N %d of %d attempts among the other people; 1:1 %d of %d"
                + " comparisons with another person%n", falseAccepts1n, impostor1n, falseAccepts11, impostor11);
        o.flush();
        return 0;
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? Double.NaN : 100.0 * part / whole;
    }

    private Optional<float[]> describe(FrameAnalyzer frames, Picture p, int[] size, Map<String, Integer> refusals) {
        RgbImage image;
        try {
            image = webcamLike(decoder(), decode(p.file()), size, crop);
        } catch (IOException | ImageRejectedException e) {
            err().println(sentence(p.file(), e));
            refusals.merge("unreadable", 1, Integer::sum);
            return Optional.empty();
        }
        FrameAnalyzer.Result r = frames.analyze(image);
        if (r instanceof FrameAnalyzer.Rejected rejected) {
            refusals.merge(rejected.code(), 1, Integer::sum);
            return Optional.empty();
        }
        FrameAnalyzer.Accepted a = (FrameAnalyzer.Accepted) r;
        if (p.forSetup()) {
            Optional<FrameAnalyzer.Rejected> refused = EnrollmentRules.DEFAULT.check(a);
            if (refused.isPresent()) {
                refusals.merge("setup_" + refused.get().code(), 1, Integer::sum);
                return Optional.empty();
            }
        }
        return Optional.of(a.face().descriptor());
    }

    /**
     * @param decoder decodes the re-encoded frame
     * @param image a picture
     * @param size  {@code {width, height}} of the frame, or null to keep the picture
     * @param crop  share of the width and height kept around the centre
     * @return the central part of the picture scaled to fit the frame, centred on mid grey, through JPEG 0.85
     */
    static RgbImage webcamLike(ImageDecoder decoder, RgbImage image, int[] size, double crop) throws IOException {
        int cw = (int) Math.round(image.width() * crop);
        int ch = (int) Math.round(image.height() * crop);
        int cx = (image.width() - cw) / 2;
        int cy = (image.height() - ch) / 2;
        int outW = size == null ? cw : size[0];
        int outH = size == null ? ch : size[1];
        BufferedImage src = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                src.setRGB(x, y, image.value(cx + x, cy + y, 0) << 16 | image.value(cx + x, cy + y, 1) << 8
                        | image.value(cx + x, cy + y, 2));
            }
        }
        double scale = Math.min((double) outW / cw, (double) outH / ch);
        int w = (int) Math.round(cw * scale);
        int h = (int) Math.round(ch * scale);
        BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, outW, outH);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, (outW - w) / 2, (outH - h) / 2, w, h, null);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(out, null, null), param);
        } finally {
            writer.dispose();
        }
        return decoder.decode(bytes.toByteArray());
    }

    private int[] frameSize() {
        if (frame.equalsIgnoreCase("none")) {
            return null;
        }
        String[] parts = frame.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0]);
                int h = Integer.parseInt(parts[1]);
                if (w >= 64 && h >= 64 && w <= 4096 && h <= 4096) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // the sentence below
        }
        throw new CliException("--frame is '" + frame + "'; give WIDTHxHEIGHT between 64 and 4096 px (e.g."
                + " 640x480), or none.");
    }

    private Map<String, List<Picture>> people() throws IOException {
        Map<String, List<Picture>> people = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(peopleDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                List<Path> files;
                try (Stream<Path> s = Files.list(dir)) {
                    files = s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT)
                            .matches(".*\\.(jpe?g|png)")).sorted().toList();
                }
                if (files.size() > setup) {
                    List<Picture> pictures = new ArrayList<>();
                    for (int i = 0; i < files.size(); i++) {
                        pictures.add(new Picture(files.get(i), i < setup));
                    }
                    people.put(dir.getFileName().toString(), pictures);
                }
            }
        }
        return people;
    }
}
