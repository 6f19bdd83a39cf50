package io.facegate.cleanup;

import io.facegate.config.OperatorToken;
import io.facegate.web.ApiError;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /tasks/cleanup} with {@code X-Task-Token} (and the CSRF token when the request carries a cookie, see
 * {@link io.facegate.config.OperatorCsrfExemption}). Fails closed:
 * 503 {@code task_token_not_configured} when {@code TASK_TOKEN} is unset or empty, 401 {@code invalid_token} when
 * the header is missing or wrong; nothing is deleted in either case. Otherwise the run deletes everything it can
 * and answers its {@link CleanupReport}: 200 when nothing failed, 500 (the same JSON) when the report lists
 * failures, so a cron job's {@code curl -f} fails visibly.
 */
@RestController
public class CleanupController {

    private final CleanupService cleanup;
    private final OperatorToken operator;

    /**
     * @param cleanup  the cleanup
     * @param operator token check
     */
    public CleanupController(CleanupService cleanup, OperatorToken operator) {
        this.cleanup = cleanup;
        this.operator = operator;
    }

    /**
     * @param token {@code X-Task-Token}
     * @return the report, or an error
     */
    @PostMapping(path = "/tasks/cleanup", produces = "application/json")
    public ResponseEntity<?> run(@RequestHeader(name = OperatorToken.HEADER, required = false) String token) {
        return switch (operator.check(token)) {
            case VALID -> {
                CleanupReport report = cleanup.run();
                yield ResponseEntity.status(report.failures().isEmpty() ? HttpStatus.OK
                        : HttpStatus.INTERNAL_SERVER_ERROR).body(report);
            }
            case NOT_CONFIGURED -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new ApiError(
                    "task_token_not_configured", "TASK_TOKEN is not set on the server, so the cleanup endpoint is off."));
            case INVALID -> ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(new ApiError(
                    "invalid_token", "The X-Task-Token header is missing or wrong."));
        };
    }
}
