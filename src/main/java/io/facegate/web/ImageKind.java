package io.facegate.web;

import java.util.Optional;

/** Image formats accepted for frames and label images, by file signature. */
public enum ImageKind {
    /** PNG: 89 50 4E 47 0D 0A 1A 0A. */
    PNG("png", "image/png"),
    /** JPEG: FF D8 FF. */
    JPEG("jpg", "image/jpeg");

    private final String extension;
    private final String mediaType;

    ImageKind(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** @return file extension without dot */
    public String extension() {
        return extension;
    }

    /** @return media type */
    public String mediaType() {
        return mediaType;
    }

    /**
     * @param bytes file content
     * @return its kind, when PNG or JPEG
     */
    public static Optional<ImageKind> of(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        if (bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N'
                && bytes[3] == 'G' && bytes[4] == 0x0d && bytes[5] == 0x0a && bytes[6] == 0x1a && bytes[7] == 0x0a) {
            return Optional.of(PNG);
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        return Optional.empty();
    }

    /**
     * @param fileName a stored label file name
     * @return its kind from the extension
     */
    public static ImageKind ofFileName(String fileName) {
        return fileName.endsWith(".png") ? PNG : JPEG;
    }
}
