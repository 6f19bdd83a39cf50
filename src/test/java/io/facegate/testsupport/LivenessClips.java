package io.facegate.testsupport;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Assumptions;

/**
 * The genuine liveness clips of the shared evaluation data ({@code ../shared/data/liveness/}, never copied into
 * the repository). Tests call {@link #assumePresent()} before each test and {@link #headTurn(int)} once.
 */
public final class LivenessClips {

    /**
     * Where the shared evaluation data lives, the three places the README names and no other: system property
     * {@code facegate.shared.data}, else environment variable {@code FACEGATE_SHARED_DATA}, else
     * {@code ../shared/data} relative to the checkout.
     *
     * @return the folder (it may not exist)
     */
    public static Path dataDir() {
        String configured = System.getProperty("facegate.shared.data", System.getenv("FACEGATE_SHARED_DATA"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of("../shared/data");
    }

    private LivenessClips() {
    }

    private static Path headTurnFile() {
        return dataDir().resolve("liveness/headturn.gif");
    }

    /** @return whether the head-turn clip is on this machine */
    public static boolean present() {
        return Files.isRegularFile(headTurnFile());
    }

    /**
     * Skips the calling test, with a message saying why, when the clip is absent. Call it from {@code @BeforeEach}
     * (an assumption failing in {@code @BeforeAll} makes the class vanish from the report instead).
     */
    public static void assumePresent() {
        Assumptions.assumeTrue(present(), "Skipped: the shared liveness clip " + headTurnFile().toAbsolutePath()
                + " is not on this machine (CI has it; set -Dfacegate.shared.data=… to point at the data).");
    }

    /**
     * Every frame of {@code liveness/headturn.gif} (400×220 px, 88 frames at 10 fps: frontal, turn to the
     * subject's left ~8, frontal ~16, right ~24, frontal ~32, chin up ~40, down ~48, frontal, roll one way ~64
     * and the other ~80), fully composited, scaled by {@code factor} with bilinear interpolation.
     *
     * @param factor scale factor (2 = 800×440, faces ≥ 120 px as a closer camera would give)
     * @return the frames, RGB
     */
    public static List<BufferedImage> headTurn(int factor) {
        assumePresent();
        Path gif = headTurnFile();
        List<BufferedImage> frames = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("gif");
            ImageReader reader = readers.next();
            reader.setInput(in, false);
            int n = reader.getNumImages(true);
            BufferedImage canvas = null;
            for (int i = 0; i < n; i++) {
                BufferedImage part = reader.read(i);
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode desc = (IIOMetadataNode) root.getElementsByTagName("ImageDescriptor").item(0);
                int x = Integer.parseInt(desc.getAttribute("imageLeftPosition"));
                int y = Integer.parseInt(desc.getAttribute("imageTopPosition"));
                if (canvas == null) {
                    canvas = new BufferedImage(400, 220, BufferedImage.TYPE_INT_RGB);
                }
                Graphics2D g = canvas.createGraphics();
                g.drawImage(part, x, y, null);
                g.dispose();
                frames.add(scale(canvas, factor));
            }
            reader.dispose();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frames;
    }

    /**
     * @param image  an image
     * @param factor scale factor
     * @return a bilinear-scaled RGB copy
     */
    public static BufferedImage scale(BufferedImage image, double factor) {
        int w = (int) Math.round(image.getWidth() * factor);
        int h = (int) Math.round(image.getHeight() * factor);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /**
     * Frames of {@code liveness/blink.mp4} (480×854 portrait, ~24 fps, 14 s, one frontal face, several blinks,
     * little head motion), decoded by ffmpeg as PNG. Skips the calling test when the clip or ffmpeg is absent.
     *
     * @param fps   frames per second to take (e.g. 2 gives ~28 frames), or 0 for every frame of the clip as coded
     * @param limit most frames to take, from the start
     * @return the frames in order, RGB
     */
    public static List<BufferedImage> blink(double fps, int limit) {
        Path clip = dataDir().resolve("liveness/blink.mp4");
        Assumptions.assumeTrue(Files.isRegularFile(clip), "Skipped: the shared liveness clip "
                + clip.toAbsolutePath() + " is not on this machine (set -Dfacegate.shared.data=…).");
        try {
            Path dir = Files.createTempDirectory("blink");
            try {
                Process ffmpeg;
                try {
                    List<String> command = new ArrayList<>(List.of("ffmpeg", "-loglevel", "error", "-i",
                            clip.toString()));
                    if (fps > 0) {
                        command.addAll(List.of("-vf", "fps=" + fps));
                    }
                    command.addAll(List.of("-frames:v", Integer.toString(limit), "-vsync", "passthrough",
                            dir.resolve("f%03d.png").toString()));
                    ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
                } catch (IOException e) {
                    Assumptions.abort("Skipped: ffmpeg is not installed (needed to read blink.mp4)");
                    return List.of();
                }
                ffmpeg.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                if (ffmpeg.waitFor() != 0) {
                    throw new IllegalStateException("ffmpeg could not decode " + clip);
                }
                List<BufferedImage> frames = new ArrayList<>();
                try (var files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        BufferedImage read = ImageIO.read(f.toFile());
                        BufferedImage rgb = new BufferedImage(read.getWidth(), read.getHeight(),
                                BufferedImage.TYPE_INT_RGB);
                        Graphics2D g = rgb.createGraphics();
                        g.drawImage(read, 0, 0, null);
                        g.dispose();
                        frames.add(rgb);
                        Files.delete(f);
                    }
                }
                return frames;
            } finally {
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
