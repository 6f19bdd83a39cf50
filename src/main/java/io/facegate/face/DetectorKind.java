package io.facegate.face;

import java.util.Locale;

/** The two face detectors of face-api.js that the engine offers. */
public enum DetectorKind {
    /** TinyFaceDetector (Tiny YOLO v2 style, 190 KB): fast, the default, the one the browser pages run. */
    TINY,
    /** SSD MobileNet v1 (5.4 MB): slower, finds more small and turned faces. */
    SSD;

    /**
     * @param name {@code tiny} or {@code ssd}, any case
     * @return the kind
     * @throws IllegalArgumentException with a sentence naming the accepted values
     */
    public static DetectorKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Unknown detector '" + name + "'; use tiny or ssd.");
        }
    }
}
