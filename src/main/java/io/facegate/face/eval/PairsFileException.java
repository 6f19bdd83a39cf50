package io.facegate.face.eval;

/** A pairs file could not be understood; the message names the file and line and says what was expected. */
public class PairsFileException extends RuntimeException {

    /**
     * @param message sentence for the user, with the file name and line number
     */
    public PairsFileException(String message) {
        super(message);
    }
}
