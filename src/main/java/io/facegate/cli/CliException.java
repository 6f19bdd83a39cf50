package io.facegate.cli;

/** A command failed for a reason the user can fix; the message is the sentence printed on stderr (exit code 2). */
public class CliException extends RuntimeException {

    /**
     * @param message sentence for the user
     */
    public CliException(String message) {
        super(message);
    }

    /**
     * @param message sentence for the user
     * @param cause   underlying error
     */
    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
