package io.facegate.face;

import java.util.List;

import io.facegate.face.image.RgbImage;

/** Finds faces in an image. Implementations are thread-safe and shared. */
public interface FaceDetector {

    /**
     * @param image the image
     * @return the faces found, after non-maximum suppression, highest score first; boxes in image pixels
     */
    List<Detection> detect(RgbImage image);
}
