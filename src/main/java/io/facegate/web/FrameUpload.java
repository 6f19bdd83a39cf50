package io.facegate.web;

import io.facegate.config.FaceGateProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Checks uploaded camera frames (multipart field {@code frames}, repeated) before they reach the face engine:
 * 1..{@code facegate.face.max-frames} files, each non-empty, at most {@code facegate.face.max-frame-bytes}, and
 * PNG or JPEG by signature (the declared content type is not trusted).
 */
@Component
public class FrameUpload {

    private final FaceGateProperties.Face limits;

    /** @param properties settings */
    public FrameUpload(FaceGateProperties properties) {
        this.limits = properties.face();
    }

    /**
     * @param files uploaded parts, may be null
     * @return the frames' bytes in upload order
     * @throws ApiException 400 {@code no_frames} / {@code too_many_frames}, 413 {@code frame_too_large},
     *                      415 {@code unsupported_image}
     */
    public List<byte[]> read(List<MultipartFile> files) {
        return read(files, limits.maxFrames());
    }

    /**
     * As {@link #read(List)} with another frame limit (a liveness challenge answer carries more frames than a
     * single-frame upload).
     *
     * @param files     uploaded parts, may be null
     * @param maxFrames most frames accepted
     * @return the frames' bytes in upload order
     * @throws ApiException as {@link #read(List)}
     */
    public List<byte[]> read(List<MultipartFile> files, int maxFrames) {
        List<MultipartFile> present = files == null ? List.of()
                : files.stream().filter(f -> f != null && !f.isEmpty()).toList();
        if (present.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "no_frames",
                    "No camera frame arrived; allow the camera and try again.");
        }
        if (present.size() > maxFrames) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "too_many_frames",
                    "Send at most " + maxFrames + " frames at once.");
        }
        List<byte[]> frames = new ArrayList<>(present.size());
        for (MultipartFile file : present) {
            if (file.getSize() > limits.maxFrameBytes()) {
                throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "frame_too_large",
                        "A frame is larger than " + limits.maxFrameBytes() / 1000 + " kB; send a smaller image.");
            }
            byte[] bytes;
            try {
                bytes = file.getBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (ImageKind.of(bytes).isEmpty()) {
                throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_image",
                        "Frames must be JPEG or PNG images.");
            }
            frames.add(bytes);
        }
        return frames;
    }
}
