package io.facegate.face.image;

import java.util.Objects;

/**
 * An uploaded image was refused by {@link ImageDecoder}. {@link #getMessage()} is a sentence the user can act
 * on; {@link #reason()} tells the caller what kind of refusal it was (e.g. to choose an HTTP status:
 * {@code BUSY} → 503, {@code TOO_LARGE_FILE}/{@code TOO_MANY_PIXELS} → 413, the rest → 400/415).
 */
public class ImageRejectedException extends RuntimeException {

    /** Why an image was refused. */
    public enum Reason {
        /** No bytes at all. */
        EMPTY,
        /** The file is larger than {@link DecodeLimits#maxFileBytes()}. */
        TOO_LARGE_FILE,
        /** The header declares more than {@link DecodeLimits#maxPixels()} pixels. */
        TOO_MANY_PIXELS,
        /** Not JPEG, PNG, WebP, BMP or GIF (or a variant of one that cannot be read). */
        UNSUPPORTED_FORMAT,
        /** A known format, but the data is damaged or cut short. */
        CORRUPT,
        /** The header declares a width or height of 0. */
        ZERO_SIZE,
        /** Too many images are being decoded at once; try again shortly. */
        BUSY
    }

    private final Reason reason;

    /**
     * @param reason  kind of refusal
     * @param message sentence for the user
     * @param cause   underlying error, may be {@code null}
     */
    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param reason  kind of refusal
     * @param message sentence for the user
     */
    public ImageRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** @return the kind of refusal */
    public Reason reason() {
        return reason;
    }
}
