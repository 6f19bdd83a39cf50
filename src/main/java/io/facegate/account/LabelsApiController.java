package io.facegate.account;

import io.facegate.config.OperatorToken;
import io.facegate.web.ApiException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/labels}: which users have saved face images. A logged-in user sees only their own entry; the
 * full list needs the operator's {@code X-Task-Token}. Image URLs open only for their owner.
 */
@RestController
public class LabelsApiController {

    private final UserRepository users;
    private final FaceTemplateRepository templates;
    private final OperatorToken operator;

    /**
     * @param users     accounts
     * @param templates face templates
     * @param operator  token check
     */
    public LabelsApiController(UserRepository users, FaceTemplateRepository templates, OperatorToken operator) {
        this.users = users;
        this.templates = templates;
        this.operator = operator;
    }

    /**
     * @param username user name
     * @param labels   ids of the user's face templates with their image URL (owner-only)
     */
    public record LabelEntry(String username, List<AccountController.FaceImage> labels) {
    }

    /**
     * @param user  logged-in user, or null
     * @param token {@code X-Task-Token}, or null
     * @return {@code {"users": [{"username", "labels": [...]}]}}; 401 {@code unauthenticated} or
     *         {@code invalid_token}; 503 {@code task_token_not_configured} when a token is sent but none is set
     */
    @GetMapping("/api/labels")
    @Transactional(readOnly = true)
    public Map<String, List<LabelEntry>> labels(@AuthenticationPrincipal FaceGateUser user,
                                                @RequestHeader(name = OperatorToken.HEADER, required = false) String token) {
        if (token != null) {
            switch (operator.check(token)) {
                case VALID -> {
                    return Map.of("users", all());
                }
                case NOT_CONFIGURED -> throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                        "task_token_not_configured", "TASK_TOKEN is not set on the server, so operator requests are off.");
                default -> throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token",
                        "The X-Task-Token header is wrong.");
            }
        }
        if (user == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Log in first.");
        }
        List<AccountController.FaceImage> own = templates.findByUserIdOrderByCreatedAtAscIdAsc(user.getId()).stream()
                .map(AccountController.FaceImage::of).toList();
        return Map.of("users", own.isEmpty() ? List.of() : List.of(new LabelEntry(user.getUsername(), own)));
    }

    private List<LabelEntry> all() {
        Map<Long, List<FaceTemplate>> byUser = templates.findAll().stream()
                .collect(Collectors.groupingBy(FaceTemplate::getUserId));
        return users.findAllById(byUser.keySet()).stream()
                .sorted(Comparator.comparing(UserAccount::getUsernameKey))
                .map(u -> new LabelEntry(u.getUsername(), byUser.get(u.getId()).stream()
                        .sorted(Comparator.comparing(FaceTemplate::getId))
                        .map(AccountController.FaceImage::of).toList()))
                .toList();
    }
}
