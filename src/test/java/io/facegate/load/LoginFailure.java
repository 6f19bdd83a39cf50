package io.facegate.load;

/**
 * A login of the load run that did not end logged in: the HTTP status and the error code of the answer (or what
 * went wrong on the way), counted as an error by {@link ClosedLoop}.
 */
final class LoginFailure extends Exception {

    private final String kind;

    /**
     * @param kind   short label for counting, e.g. {@code "429 too_many_attempts"} or {@code "io ConnectException"}
     * @param detail what happened, for the first occurrences printed
     */
    LoginFailure(String kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    /** @return the label errors are counted under */
    String kind() {
        return kind;
    }
}
