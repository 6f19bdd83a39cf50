package io.facegate.config;

/** {@code DATABASE_URL} could not be understood; the message says what was wrong and which forms are accepted. */
public class InvalidDatabaseUrlException extends RuntimeException {

    /**
     * @param message what was wrong, as a sentence a user can act on
     */
    public InvalidDatabaseUrlException(String message) {
        super(message);
    }
}
