package io.facegate.face.match;

/** A template was made by another face model than the one a gallery compares; its distances would be meaningless. */
public class IncompatibleTemplateException extends IllegalArgumentException {

    /** @param message which versions differ and what to do (re-enrol the user) */
    public IncompatibleTemplateException(String message) {
        super(message);
    }
}
