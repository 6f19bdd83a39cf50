package io.facegate.face;

import java.util.List;

import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.ImageRejectedException;
import io.facegate.face.image.RgbImage;

/**
 * Turns one uploaded camera frame into the one face it must show, or a refusal a user can act on. Used by Face
 * ID setup and face login alike: decode (with the decoder's limits), check the light, detect, require exactly
 * one face big enough, and describe it.
 */
public final class FrameAnalyzer {

    /**
     * Quality rules for a frame.
     *
     * @param minFaceWidth minimum face-box width in px. 80 px: below that the 150 px recognition crop is an
     *                     upscale of under half its size and descriptors of one face spread more (face-api.js's
     *                     TinyFaceDetector itself finds faces down to ~40 px at input 416 on a 640 px frame).
     * @param minFrameLuma minimum mean luma (BT.601, 0–255) of the whole frame; darker frames are refused
     *                     before detection as "too dark" rather than "no face"
     * @param minFaceLuma  minimum mean luma of the face box
     */
    public record Rules(int minFaceWidth, double minFrameLuma, double minFaceLuma) {
        /** 80 px face, frame luma ≥ 25, face luma ≥ 40 (of 255). */
        public static final Rules DEFAULT = new Rules(80, 25, 40);
    }

    /** What a frame gave. */
    public sealed interface Result permits Accepted, Rejected {
    }

    /**
     * A usable frame.
     *
     * @param image the decoded frame
     * @param face  its only face, described
     */
    public record Accepted(RgbImage image, Face face) implements Result {
    }

    /**
     * A refused frame.
     *
     * @param code    snake_case reason: {@code unreadable_image}, {@code too_dark}, {@code no_face},
     *                {@code multiple_faces}, {@code face_too_small}; {@link EnrollmentRules} adds {@code not_frontal}
     *                and {@code blurred}
     * @param message a sentence telling the user what to do
     */
    public record Rejected(String code, String message) implements Result {
    }

    private final ImageDecoder decoder;
    private final FaceEngine engine;
    private final AnalysisOptions options;
    private final Rules rules;

    /**
     * @param decoder decoder with its size limits and concurrency bound
     * @param engine  the shared engine
     * @param options detector settings
     * @param rules   quality rules
     */
    public FrameAnalyzer(ImageDecoder decoder, FaceEngine engine, AnalysisOptions options, Rules rules) {
        this.decoder = decoder;
        this.engine = engine;
        this.options = options;
        this.rules = rules;
    }

    /**
     * @return the version of the descriptors this analyzer makes ({@link Pipeline#version()} of its options); the
     *         version stored with templates and compared at login
     */
    public String pipelineVersion() {
        return options.pipeline().version();
    }

    /**
     * @param frame the uploaded bytes (JPEG, PNG, WebP, BMP or GIF)
     * @return {@link Accepted} with the one face, or {@link Rejected}
     */
    public Result analyze(byte[] frame) {
        return analyze(frame, DetectorBudget.unlimited());
    }

    /**
     * @param frame  the uploaded bytes (JPEG, PNG, WebP, BMP or GIF)
     * @param budget the request's allowance of fallback detector runs (a challenge answer shares one)
     * @return {@link Accepted} with the one face, or {@link Rejected}
     */
    public Result analyze(byte[] frame, DetectorBudget budget) {
        return analyze(frame, budget, null);
    }

    /**
     * A frame of a sequence (a challenge answer) whose previous frame showed one face: the same checks, the face
     * found by {@link FaceEngine#detectTracked} (the same faces wherever its guard look sees no other one).
     *
     * @param frame   the uploaded bytes (JPEG, PNG, WebP, BMP or GIF)
     * @param budget  the request's allowance of fallback detector runs
     * @param tracked the face box of the previous frame's accepted face, or null for a full detection
     * @return {@link Accepted} with the one face, or {@link Rejected}
     */
    public Result analyze(byte[] frame, DetectorBudget budget, Box tracked) {
        RgbImage image;
        try {
            image = decoder.decode(frame);
        } catch (ImageRejectedException e) {
            return new Rejected("unreadable_image", e.getMessage());
        }
        return analyze(image, budget, tracked);
    }

    /**
     * @param image a decoded frame
     * @return {@link Accepted} with the one face, or {@link Rejected}
     */
    public Result analyze(RgbImage image) {
        return analyze(image, DetectorBudget.unlimited());
    }

    /**
     * @param image  a decoded frame
     * @param budget the request's allowance of fallback detector runs
     * @return {@link Accepted} with the one face, or {@link Rejected}
     */
    public Result analyze(RgbImage image, DetectorBudget budget) {
        return analyze(image, budget, null);
    }

    private Result analyze(RgbImage image, DetectorBudget budget, Box tracked) {
        if (meanLuma(image, 0, 0, image.width(), image.height()) < rules.minFrameLuma()) {
            return new Rejected("too_dark", "The picture is too dark: add more light on your face.");
        }
        List<Face> faces;
        try {
            faces = engine.analyze(image, options, budget, tracked);
        } catch (InvalidImageException e) {
            return new Rejected("unreadable_image", e.getMessage());
        }
        if (faces.isEmpty()) {
            return new Rejected("no_face", "No face was found: look at the camera, with your whole face in view.");
        }
        if (faces.size() > 1) {
            return new Rejected("multiple_faces", "More than one face is in view: only you should be in the picture.");
        }
        Face face = faces.get(0);
        Box box = face.detection().box();
        if (box.width() < rules.minFaceWidth()) {
            return new Rejected("face_too_small", "Your face is too small in the picture: come closer to the camera.");
        }
        int x0 = clamp((int) Math.floor(box.x()), image.width());
        int y0 = clamp((int) Math.floor(box.y()), image.height());
        int x1 = clamp((int) Math.ceil(box.x() + box.width()), image.width());
        int y1 = clamp((int) Math.ceil(box.y() + box.height()), image.height());
        if (x1 > x0 && y1 > y0 && meanLuma(image, x0, y0, x1 - x0, y1 - y0) < rules.minFaceLuma()) {
            return new Rejected("too_dark", "Your face is too dark: add more light in front of you.");
        }
        return new Accepted(image, face);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /** Mean BT.601 luma of a region, sampling every second pixel in each direction. */
    static double meanLuma(RgbImage image, int x, int y, int width, int height) {
        double sum = 0;
        long n = 0;
        for (int yy = y; yy < y + height; yy += 2) {
            for (int xx = x; xx < x + width; xx += 2) {
                sum += 0.299 * image.value(xx, yy, 0) + 0.587 * image.value(xx, yy, 1) + 0.114 * image.value(xx, yy, 2);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
