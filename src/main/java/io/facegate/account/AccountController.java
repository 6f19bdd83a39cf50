package io.facegate.account;

import io.facegate.audit.LoginAudit;
import io.facegate.oidc.RelyingPartyGrants;
import io.facegate.web.AccountSessions;
import io.facegate.web.ApiException;
import io.facegate.web.Clients;
import io.facegate.web.Flash;
import io.facegate.web.Reply;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The logged-in user's account: {@code GET /account} (page, or JSON for scripts), the owner-only label images,
 * deleting one face image, removing Face ID, changing the password, deleting the account.
 */
@Controller
public class AccountController {

    /** How many recent login attempts the account page shows. */
    public static final int RECENT_LOGINS = 10;

    private final AccountService accounts;
    private final LoginAudit audit;
    private final PasswordConfirmation confirmation;
    private final AccountSessions sessions;
    private final RelyingPartyGrants grants;

    /**
     * @param accounts     account service
     * @param audit        login audit trail (recent logins)
     * @param confirmation the throttled and audited current-password check
     * @param sessions     the account's stored sessions (ended at a password change, except this one)
     * @param grants       what relying parties hold for the account (ended at a password change and a deletion)
     */
    public AccountController(AccountService accounts, LoginAudit audit, PasswordConfirmation confirmation,
                             AccountSessions sessions, RelyingPartyGrants grants) {
        this.accounts = accounts;
        this.audit = audit;
        this.confirmation = confirmation;
        this.sessions = sessions;
        this.grants = grants;
    }

    /**
     * One enrolled face as shown to its owner.
     *
     * @param id        template id
     * @param imageUrl  owner-only URL of the label image, or null when none was kept
     * @param createdAt ISO-8601 UTC
     * @param pipeline  engine pipeline version
     * @param source    {@code setup} (Face ID setup) or {@code login} (added by a face login)
     */
    public record FaceImage(long id, String imageUrl, String createdAt, String pipeline, String source) {
        static FaceImage of(FaceTemplate t) {
            return new FaceImage(t.getId(), t.getLabelImage() == null ? null : "/account/labels/" + t.getId(),
                    t.getCreatedAt().toString(), t.getPipelineVersion(), t.getSource());
        }
    }

    /**
     * @param username     user name
     * @param faces        the user's enrolled faces, oldest first
     * @param recentLogins the user's last {@value #RECENT_LOGINS} login attempts, newest first
     */
    public record AccountView(String username, List<FaceImage> faces, List<LoginAudit.Entry> recentLogins) {
    }

    /**
     * @param currentPassword current password
     * @param newPassword     new password
     */
    public record PasswordForm(String currentPassword, String newPassword) {
    }

    /** @param password current password, to confirm deletion */
    public record DeleteForm(String password) {
    }

    /**
     * @param user  logged-in user
     * @param model page model
     * @return the account page
     */
    @GetMapping("/account")
    public String page(@AuthenticationPrincipal FaceGateUser user, Model model) {
        AccountView view = view(user);
        model.addAttribute("account", view);
        List<FaceCard> cards = new ArrayList<>();
        for (int i = 0; i < view.faces().size(); i++) {
            FaceImage face = view.faces().get(i);
            cards.add(new FaceCard(face, i + 1, LoginHistory.text(Instant.parse(face.createdAt()))));
        }
        model.addAttribute("faceCards", cards);
        model.addAttribute("logins", LoginHistory.of(view.recentLogins()));
        return "account";
    }

    /**
     * One saved face as the account page shows it.
     *
     * @param face   the face
     * @param number its place, from 1 (oldest), which names its image and its Delete button
     * @param atText when it was saved, UTC text (the page's script shows it in local time)
     */
    public record FaceCard(FaceImage face, int number, String atText) {
    }

    /**
     * @param user logged-in user
     * @return {@code {"username", "faces": [{"id", "imageUrl", "createdAt", "pipeline", "source"}],
     *         "recentLogins": [{"method", "outcome", "reason", "address", "at"}]}}
     */
    @GetMapping(path = "/account", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AccountView> json(@AuthenticationPrincipal FaceGateUser user) {
        return ResponseEntity.ok(view(user));
    }

    /**
     * A label image, to its owner only; anyone else (and a missing image) gets 404.
     *
     * @param user logged-in user
     * @param id   template id
     * @param size {@code thumb} for the account page's small JPEG ({@link LabelThumbnail}); else the full image
     * @return the image, not cacheable by shared caches
     */
    @GetMapping("/account/labels/{id}")
    public ResponseEntity<byte[]> labelImage(@AuthenticationPrincipal FaceGateUser user, @PathVariable long id,
                                             @RequestParam(name = "size", required = false) String size) {
        LabelStore.LabelImage image = accounts.labelImage(user.getId(), id).orElseThrow(() -> new ApiException(
                HttpStatus.NOT_FOUND, "not_found", "That face image does not exist (any more)."));
        boolean thumb = "thumb".equals(size);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore().cachePrivate())
                .contentType(thumb ? MediaType.IMAGE_JPEG : MediaType.parseMediaType(image.mediaType()))
                .body(thumb ? LabelThumbnail.jpeg(image.bytes()) : image.bytes());
    }

    /**
     * @param user    logged-in user
     * @param id      template id
     * @param request request
     * @param flashes flash messages
     * @return 200 {@code {"deleted": id}} or redirect to the account page
     */
    @PostMapping("/account/labels/{id}/delete")
    public Object deleteLabel(@AuthenticationPrincipal FaceGateUser user, @PathVariable long id,
                              HttpServletRequest request, RedirectAttributes flashes) {
        try {
            accounts.deleteTemplate(user.getId(), id);
            return Reply.success(request, flashes, HttpStatus.OK, Map.of("deleted", id), "/account",
                    Flash.success("The face image and its template were deleted."));
        } catch (ApiException e) {
            return Reply.failure(request, flashes, e, "/account");
        }
    }

    /**
     * @param user    logged-in user
     * @param request request
     * @param flashes flash messages
     * @return 200 {@code {"deleted": n}} or redirect to the account page
     */
    @PostMapping("/account/faceid/delete")
    public Object removeFaceId(@AuthenticationPrincipal FaceGateUser user, HttpServletRequest request,
                               RedirectAttributes flashes) {
        int deleted = accounts.removeFaceId(user.getId());
        return Reply.success(request, flashes, HttpStatus.OK, Map.of("deleted", deleted), "/account",
                Flash.success(deleted == 0 ? "Face ID was not set up; nothing to remove."
                        : "Face ID removed: " + deleted + " face image(s) and template(s) deleted."));
    }

    /**
     * Changes the password once the current one is confirmed (throttled and audited as a password login), then
     * ends every other session of the account, on every instance; this session stays logged in with a new id.
     *
     * @param user     logged-in user
     * @param form     {@code currentPassword}, {@code newPassword}
     * @param request  request
     * @param response response
     * @param flashes  flash messages
     * @return 200 {@code {"changed": true, "otherSessionsEnded": n}} or redirect; 400 {@code wrong_password} /
     *         {@code weak_password}; 429 {@code too_many_attempts} with {@code Retry-After}
     */
    @PostMapping("/account/password")
    public Object changePassword(@AuthenticationPrincipal FaceGateUser user, PasswordForm form,
                                 HttpServletRequest request, HttpServletResponse response,
                                 RedirectAttributes flashes) {
        try {
            confirmation.confirm(user, form.currentPassword(), Clients.address(request));
            accounts.changePassword(user.getId(), form.newPassword());
            grants.endAll(user.getId());
        } catch (ApiException e) {
            return Reply.failure(request, response, flashes, e, "/account");
        }
        int ended = sessions.endOthers(user.getUsername(), request, response);
        return Reply.success(request, flashes, HttpStatus.OK, Map.of("changed", true, "otherSessionsEnded", ended),
                "/account", Flash.success(ended == 0 ? "Your password was changed."
                        : "Your password was changed; your other sessions (" + ended + ") were logged out."));
    }

    /**
     * JSON form of {@link #changePassword}.
     *
     * @param user     logged-in user
     * @param form     JSON body
     * @param request  request
     * @param response response
     * @param flashes  unused
     * @return JSON
     */
    @PostMapping(path = "/account/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Object changePasswordJson(@AuthenticationPrincipal FaceGateUser user, @RequestBody PasswordForm form,
                                     HttpServletRequest request, HttpServletResponse response,
                                     RedirectAttributes flashes) {
        return changePassword(user, form, request, response, flashes);
    }

    /**
     * Deletes the account (rows and label folder) once the password is confirmed (throttled and audited as a
     * password login), and ends the session.
     *
     * @param user     logged-in user
     * @param form     {@code password}
     * @param request  request
     * @param response response
     * @param flashes  flash messages
     * @return 200 {@code {"deleted": true}} or redirect home; 400 {@code wrong_password}; 429
     *         {@code too_many_attempts} with {@code Retry-After}
     */
    @PostMapping("/account/delete")
    public Object deleteAccount(@AuthenticationPrincipal FaceGateUser user, DeleteForm form,
                                HttpServletRequest request, HttpServletResponse response,
                                RedirectAttributes flashes) {
        try {
            confirmation.confirm(user, form.password(), Clients.address(request));
            grants.endAll(user.getId());
            accounts.deleteAccount(user.getId());
        } catch (ApiException e) {
            return Reply.failure(request, response, flashes, e, "/account");
        }
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return Reply.success(request, flashes, HttpStatus.OK, Map.of("deleted", true), "/",
                Flash.success("Your account, face templates and images were deleted."));
    }

    /**
     * JSON form of {@link #deleteAccount}.
     *
     * @param user     logged-in user
     * @param form     JSON body
     * @param request  request
     * @param response response
     * @param flashes  unused
     * @return JSON
     */
    @PostMapping(path = "/account/delete", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Object deleteAccountJson(@AuthenticationPrincipal FaceGateUser user, @RequestBody DeleteForm form,
                                    HttpServletRequest request, HttpServletResponse response,
                                    RedirectAttributes flashes) {
        return deleteAccount(user, form, request, response, flashes);
    }

    private AccountView view(FaceGateUser user) {
        return new AccountView(user.getUsername(),
                accounts.templates(user.getId()).stream().map(FaceImage::of).toList(),
                audit.recent(user.getId(), RECENT_LOGINS));
    }
}
