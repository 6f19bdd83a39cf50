package io.facegate.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A refusal the client can act on. Scripts receive it as {@code {"error": code, "message": message}} with
 * {@link #status()}; pages show {@link #getMessage()} as a flash message.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    /**
     * @param status  HTTP status for scripts (4xx, or 503 when a part of the server is missing)
     * @param code    stable machine-readable code, snake_case (e.g. {@code username_taken})
     * @param message a sentence the user can act on
     */
    public ApiException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** @return HTTP status for scripts */
    public HttpStatus status() {
        return status;
    }

    /** @return machine-readable code */
    public String code() {
        return code;
    }

    /** @return headers to send with the error answer (e.g. {@code Retry-After}); none by default */
    public HttpHeaders headers() {
        return HttpHeaders.EMPTY;
    }
}
