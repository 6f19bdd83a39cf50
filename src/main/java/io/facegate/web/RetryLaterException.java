package io.facegate.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** A refusal that tells the client when to try again: {@code Retry-After} in whole seconds (at least 1). */
public class RetryLaterException extends ApiException {

    private final long retryAfterSeconds;

    /**
     * @param status     HTTP status (429 or 503)
     * @param code       stable machine-readable code, snake_case
     * @param message    a sentence the user can act on
     * @param retryAfter when to try again; rounded up to whole seconds, at least 1
     */
    public RetryLaterException(HttpStatus status, String code, String message, Duration retryAfter) {
        super(status, code, message);
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    @Override
    public HttpHeaders headers() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return headers;
    }
}
