package io.facegate.passkey;

import io.facegate.account.FaceGateUser;
import io.facegate.web.ApiException;
import io.facegate.web.Flash;
import io.facegate.web.Reply;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * The account's passkeys over HTTP ({@link PasskeyRegistration} holds the flow). Every POST needs the CSRF token.
 * <ul>
 *   <li>{@code GET /account/passkeys}: {@code {"passkeys": [{"id", "name", "createdAt", "lastUsedAt"}]}}.</li>
 *   <li>{@code POST /account/passkeys/options}: the creation options for {@code navigator.credentials.create()};
 *       403 {@code recent_login_required}, 409 {@code too_many_passkeys}.</li>
 *   <li>{@code POST /account/passkeys} JSON {@code {"name", "credential"}}: 201 the passkey; 400
 *       {@code invalid_name}, {@code passkey_not_started}, {@code passkey_invalid}; 403
 *       {@code recent_login_required}.</li>
 *   <li>{@code POST /account/passkeys/{id}/delete}: removes one of the user's passkeys; 200 {@code {"deleted": id}}
 *       (pages: back to {@code /account} with a message); 404 for any other id.</li>
 * </ul>
 */
@Controller
public class PasskeyController {

    private final PasskeyRegistration passkeys;

    /** @param passkeys the account's passkeys */
    public PasskeyController(PasskeyRegistration passkeys) {
        this.passkeys = passkeys;
    }

    /**
     * @param user logged-in user
     * @return the user's passkeys
     */
    @GetMapping(path = "/account/passkeys", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public Map<String, Object> list(@AuthenticationPrincipal FaceGateUser user) {
        return Map.of("passkeys", passkeys.list(user.getUsername()));
    }

    /**
     * @param authentication the session's login
     * @param request        request
     * @param response       response
     * @return creation options (JSON)
     */
    @PostMapping(path = "/account/passkeys/options", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public ResponseEntity<String> options(Authentication authentication, HttpServletRequest request,
                                          HttpServletResponse response) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(passkeys.options(authentication, request, response));
    }

    /**
     * @param authentication the session's login
     * @param body           {@code {"name", "credential"}}
     * @param request        request
     * @param response       response
     * @return 201 the passkey
     */
    @PostMapping(path = "/account/passkeys", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public ResponseEntity<PasskeyRegistration.Passkey> register(Authentication authentication,
                                                                @RequestBody JsonNode body,
                                                                HttpServletRequest request,
                                                                HttpServletResponse response) {
        String name = body.has("name") && body.get("name").isString() ? body.get("name").asString() : null;
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(passkeys.register(authentication, name, body.get("credential"), request, response));
    }

    /**
     * @param user    logged-in user
     * @param id      credential id (base64url)
     * @param request request
     * @param flashes flash messages
     * @return JSON or a redirect to the account page
     */
    @PostMapping("/account/passkeys/{id}/delete")
    public Object delete(@AuthenticationPrincipal FaceGateUser user, @PathVariable String id,
                         HttpServletRequest request, RedirectAttributes flashes) {
        try {
            String name = passkeys.remove(user, id);
            return Reply.success(request, flashes, HttpStatus.OK, Map.of("deleted", id), "/account",
                    Flash.success("Passkey \"" + name + "\" removed: it can no longer log in."));
        } catch (ApiException e) {
            return Reply.failure(request, flashes, e, "/account");
        }
    }
}
