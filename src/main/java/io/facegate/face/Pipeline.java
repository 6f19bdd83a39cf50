package io.facegate.face;

import java.util.Locale;

/**
 * Which way the engine turns an image into descriptors. Descriptors of different pipelines are not comparable:
 * each has its own {@link #version()}, stored with every enrolled template.
 */
public enum Pipeline {

    /**
     * face-api.js 1.7.15 exactly: one detector run at the given options; recognition crop axis-aligned from the
     * landmarks ({@link io.facegate.face.recognition.RecognitionCrop}). Kept for parity with the browser.
     */
    FACEAPI("face-api.js-1.7.15/face_recognition_model/dlib-crop-150"),

    /**
     * The server's login pipeline: every detector run also on the picture zoomed out, and detector fallbacks when
     * nothing is found ({@link FaceEngine#detect}); a second landmark pass on a box rebuilt from the first landmarks
     * ({@link io.facegate.face.landmarks.LandmarkBox}), averaged with its mirror image; and the recognition input aligned with a similarity
     * transform to dlib's 68-point mean face ({@link io.facegate.face.recognition.AlignedChip}), the descriptor
     * averaged with that of the mirrored chip and scaled to one length
     * ({@link io.facegate.face.recognition.FaceRecognizer#SERVER_DESCRIPTOR_LENGTH}; version 3, version 2 was not scaled). LFW figures: README, "Accuracy and thresholds".
     */
    SERVER("server-3/chip150-pad0.25-68pt-flip-len1.42/lm2sq-flip/zoom2");

    private final String version;

    Pipeline(String version) {
        this.version = version;
    }

    /** @return the descriptor-space identifier stored with templates made by this pipeline (at most 64 chars, the
     *         {@code pipeline_version} column) */
    public String version() {
        return version;
    }

    /**
     * @param value {@code server} or {@code faceapi} (any case)
     * @return the pipeline
     * @throws IllegalArgumentException with a sentence naming the accepted values
     */
    public static Pipeline parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "server" -> SERVER;
            case "faceapi", "face-api", "face-api.js" -> FACEAPI;
            default -> throw new IllegalArgumentException("Unknown pipeline '" + value
                    + "': use server (the login default) or faceapi (face-api.js exactly).");
        };
    }
}
