package io.facegate.testsupport;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import io.facegate.face.Box;
import io.facegate.face.match.Descriptors;

/**
 * Camera-like frames of single real faces, cut from the face-api.js demo photos that the build decodes into
 * the parity folder (never committed): a 4:3 crop 2 face widths wide around one face, scaled to 640×480 px, with every other face of
 * the photo painted over in black.
 */
public final class FaceSamples {

    /** Frame width in px. */
    public static final int WIDTH = 640;
    /** Frame height in px. */
    public static final int HEIGHT = 480;

    /**
     * One person: a 640×480 frame showing only their face, and face-api.js's descriptor of that face in the
     * photo.
     *
     * @param label      photo and face index, for messages
     * @param frame      the frame
     * @param descriptor face-api.js's descriptor, {@code float[128]}
     */
    public record Person(String label, BufferedImage frame, float[] descriptor) {

        /** @return the frame as PNG bytes */
        public byte[] png() {
            return encode(frame, "png");
        }

        /**
         * The n-th frame a camera would give of this person keeping perfectly still: the frame plus seeded Gaussian
         * sensor noise (σ = 2 levels per channel, a webcam's is larger), so two shots are separate camera frames
         * for {@code SamePicture} (they differ by ~1.6 levels) while showing the same face.
         *
         * @param n which shot (the seed)
         * @return PNG bytes
         */
        public byte[] shot(int n) {
            return encode(FaceSamples.shot(frame, 31L * n + label.hashCode()), "png");
        }

        /** @return the frame as JPEG bytes (ImageIO's default quality, 0.75) */
        public byte[] jpeg() {
            return encode(frame, "jpg");
        }
    }

    private FaceSamples() {
    }

    /**
     * @param frame a picture
     * @param seed  the noise's seed
     * @return the picture as a still camera would give it once more: seeded Gaussian sensor noise, σ = 2 levels per
     *         channel
     */
    public static BufferedImage shot(BufferedImage frame, long seed) {
        java.util.Random random = new java.util.Random(seed);
        BufferedImage out = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < frame.getHeight(); y++) {
            for (int x = 0; x < frame.getWidth(); x++) {
                int p = frame.getRGB(x, y);
                int rgb = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int v = (int) Math.round(((p >> shift) & 0xFF) + 2 * random.nextGaussian());
                    rgb |= Math.max(0, Math.min(255, v)) << shift;
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /**
     * A still camera's stream of a picture, for the browser's fake camera (which loops it): each frame the picture
     * plus its own sensor noise (σ = 2 levels, taken at a different place of one table of Gaussian noise), made when
     * read, so a long stream costs no memory. Two captures are the same picture only when they fall on the same
     * frame of the loop (Chromium's fake camera starts the file again for every page that opens the camera, so
     * pages with the same timing can capture the same frame: a later session should use another seed).
     *
     * @param frame a picture
     * @param count how many frames
     * @param seed  the noise's seed: another seed is the same scene filmed another time
     * @return the frames, computed on {@code get}
     */
    public static List<BufferedImage> stillCamera(BufferedImage frame, int count, long seed) {
        java.util.Random random = new java.util.Random(seed);
        int[] noise = new int[1 << 20];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (int) Math.round(2 * random.nextGaussian());
        }
        int w = frame.getWidth();
        int h = frame.getHeight();
        int[] pixels = frame.getRGB(0, 0, w, h, null, 0, w);
        return new java.util.AbstractList<>() {
            @Override
            public BufferedImage get(int n) {
                BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                int[] rgb = pixels(out);
                int at = (int) ((n * 7_919L * 104_729L) % noise.length);
                for (int i = 0; i < pixels.length; i++) {
                    int value = 0;
                    for (int shift = 16; shift >= 0; shift -= 8) {
                        int v = ((pixels[i] >> shift) & 0xFF) + noise[at];
                        at = at + 1 == noise.length ? 0 : at + 1;
                        value |= Math.max(0, Math.min(255, v)) << shift;
                    }
                    rgb[i] = value;
                }
                return out;
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    /**
     * @param image a {@link BufferedImage#TYPE_INT_RGB} image
     * @return its pixels, {@code 0xRRGGBB} row by row: the raster's own array (writing it changes the image, as
     *         {@code setRGB} would for that type)
     */
    static int[] pixels(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("Not TYPE_INT_RGB: type " + image.getType());
        }
        return ((java.awt.image.DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    /**
     * @param count       how many people
     * @param minDistance smallest face-api.js descriptor distance between any two of them (the demo photos show
     *                    look-alikes, and some people in several photos: 0.8 keeps clearly different people)
     * @return that many people, each in a frame of their own
     * @throws IllegalStateException if the photos do not hold that many
     */
    public static List<Person> distinctPeople(int count, double minDistance) {
        record Candidate(FaceApiReference.Image image, FaceApiReference.Face face, int[] crop) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (FaceApiReference.Image image : FaceApiReference.images()) {
            for (int i = 0; i < image.tiny().size(); i++) {
                int[] crop = crop(image.tiny().get(i).box(), image.width(), image.height());
                if (crop != null) {
                    candidates.add(new Candidate(image, image.tiny().get(i), crop));
                }
            }
        }
        // Greedy from each starting face; keep the first set that reaches the count.
        for (int start = 0; start < candidates.size(); start++) {
            List<Candidate> set = new ArrayList<>(List.of(candidates.get(start)));
            for (int j = 0; j < candidates.size() && set.size() < count; j++) {
                Candidate c = candidates.get(j);
                if (set.stream().allMatch(s -> Descriptors.distance(s.face().descriptor(), c.face().descriptor())
                        >= minDistance)) {
                    set.add(c);
                }
            }
            if (set.size() == count) {
                List<Person> people = new ArrayList<>();
                for (Candidate c : set) {
                    BufferedImage photo = TestImages.readBuffered(c.image().file());
                    people.add(new Person(c.face().label(), scaled(masked(photo, c.image().tiny(), c.face()), c.crop()),
                            c.face().descriptor()));
                }
                return people;
            }
        }
        throw new IllegalStateException("The demo photos do not hold " + count
                + " single-face frames of people at least " + minDistance + " apart");
    }

    /** A 4:3 region 2.0 face widths wide centred on the face, inside the photo, or null. */
    private static int[] crop(Box box, int width, int height) {
        int w = (int) Math.round(box.width() * 2.0);
        int h = w * 3 / 4;
        int x = (int) Math.round(box.centreX() - w / 2.0);
        int y = (int) Math.round(box.centreY() - h / 2.0);
        x = Math.max(0, Math.min(width - w, x));
        y = Math.max(0, Math.min(height - h, y));
        return x < 0 || y < 0 ? null : new int[] {x, y, w, h};
    }

    /** A copy of the photo with every face but one covered by a black box 1.3 times its size. */
    private static BufferedImage masked(BufferedImage photo, List<FaceApiReference.Face> faces,
                                        FaceApiReference.Face keep) {
        BufferedImage out = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(photo, 0, 0, null);
        g.setColor(java.awt.Color.BLACK);
        for (FaceApiReference.Face f : faces) {
            if (f != keep) {
                Box b = f.box();
                g.fillRect((int) (b.x() - 0.15 * b.width()), (int) (b.y() - 0.15 * b.height()),
                        (int) (1.3 * b.width()), (int) (1.3 * b.height()));
            }
        }
        g.dispose();
        return out;
    }

    private static BufferedImage scaled(BufferedImage photo, int[] crop) {
        BufferedImage out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(photo, 0, 0, WIDTH, HEIGHT, crop[0], crop[1], crop[0] + crop[2], crop[1] + crop[3], null);
        g.dispose();
        return out;
    }

    /** @return the image encoded in a format ImageIO writes ({@code png}, {@code jpg}) */
    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * @param image an image
     * @param factor brightness factor (0.1 = very dim)
     * @return a copy with every channel multiplied by the factor
     */
    public static BufferedImage dimmed(BufferedImage image, double factor) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int r = (int) (((p >> 16) & 0xFF) * factor);
                int g = (int) (((p >> 8) & 0xFF) * factor);
                int b = (int) ((p & 0xFF) * factor);
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    /**
     * @param image an image
     * @param sigma standard deviation of the Gaussian, px (a camera out of focus; 2 px blurs a 640×480 frame
     *              visibly)
     * @return a blurred copy (separable Gaussian over ±3σ; the border of 3σ px is left as it was)
     */
    public static BufferedImage blurred(BufferedImage image, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) Math.exp(-(i - r) * (i - r) / (2 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        BufferedImage h = new ConvolveOp(new Kernel(k.length, 1, k), ConvolveOp.EDGE_NO_OP, null).filter(rgb, null);
        return new ConvolveOp(new Kernel(1, k.length, k), ConvolveOp.EDGE_NO_OP, null).filter(h, null);
    }
}
