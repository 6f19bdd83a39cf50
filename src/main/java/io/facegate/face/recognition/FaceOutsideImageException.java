package io.facegate.face.recognition;

/** The face's recognition crop cannot be taken from the image (it lies outside it, or the landmarks are invalid). */
public class FaceOutsideImageException extends IllegalArgumentException {

    /** @param message what went wrong and what to do, in a sentence a user can act on */
    public FaceOutsideImageException(String message) {
        super(message);
    }
}
