package io.facegate.face;

/**
 * An image the face engine cannot work on (e.g. too small or too elongated to be scaled to a network's input).
 * The message says what is wrong and what to send instead.
 */
public class InvalidImageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message a sentence the user can act on, e.g. "Send an image at least 2 px wide." */
    public InvalidImageException(String message) {
        super(message);
    }
}
