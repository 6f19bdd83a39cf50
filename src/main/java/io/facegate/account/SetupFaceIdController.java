package io.facegate.account;

import io.facegate.config.FaceGateProperties;
import io.facegate.login.RecentLogin;
import io.facegate.web.ApiException;
import io.facegate.web.Clients;
import io.facegate.web.Flash;
import io.facegate.web.FrameUpload;
import io.facegate.web.Reply;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code GET/POST /setupfaceid} (logged in): the consent notice and camera page, and the upload of frames to
 * enroll. The POST is multipart: {@code consent=true} and {@code facegate.face.enroll-frames} (3) to
 * {@code facegate.face.max-frames} (5) {@code frames} (JPEG/PNG). Answers:
 * 201 {@code {"templatesStored", "message", "redirect": "/account"}}; 400 {@code consent_required},
 * {@code no_frames}, {@code too_few_frames}, {@code too_many_frames}; 413; 415; 422 with the engine's reason code;
 * 403 {@code recent_login_required} without a login factor proven in the last 10 minutes (or a registration in
 * them); 429 {@code too_many_attempts} with {@code Retry-After} ({@link FaceSetupThrottle}).
 */
@Controller
public class SetupFaceIdController {

    /** The refusal's sentence when the session's login is not recent. */
    static final String RELOGIN = "To set up Face ID, log in again (password, face or passkey) and set it up within "
            + RecentLogin.WINDOW.toMinutes() + " minutes.";

    private final FaceEnrollment enrollment;
    private final FrameUpload frames;
    private final FaceGateProperties properties;
    private final FaceSetupThrottle limit;
    private final UserRepository users;
    private final Clock clock;

    /**
     * @param enrollment the face engine's enrollment
     * @param frames     frame checks
     * @param properties settings (retention shown in the consent notice)
     * @param limit      the limit on setups that compare the face with every enrolled one
     * @param users      accounts (when an account was made)
     * @param clock      UTC clock
     */
    public SetupFaceIdController(FaceEnrollment enrollment, FrameUpload frames, FaceGateProperties properties,
                                 FaceSetupThrottle limit, UserRepository users, Clock clock) {
        this.enrollment = enrollment;
        this.frames = frames;
        this.properties = properties;
        this.limit = limit;
        this.users = users;
        this.clock = clock;
    }

    /**
     * Whether this session may set Face ID up: a login factor proven within {@link RecentLogin#WINDOW}, or an
     * account registered in this session within it (registration leads straight to this page). A "keep me signed
     * in" cookie, or a session left open longer, may not: a Face ID setup replaces the owner's face, and a thief's
     * face would outlive the owner's password change (a README-only tester did exactly that with a stolen cookie).
     */
    private boolean mayEnroll(FaceGateUser user, Authentication authentication) {
        Instant now = clock.instant();
        if (RecentLogin.isRecent(authentication, now)) {
            return true;
        }
        return !(authentication instanceof RememberMeAuthenticationToken) && users.findById(user.getId())
                .map(UserAccount::getCreatedAt).filter(made -> !made.isBefore(now.minus(RecentLogin.WINDOW))).isPresent();
    }

    /**
     * @param user           logged-in user
     * @param authentication the session's login
     * @param model          page model
     * @param flashes        flash messages
     * @return the page, or the login page with a note when the login is not recent ({@link #mayEnroll})
     */
    @GetMapping("/setupfaceid")
    public String page(@AuthenticationPrincipal FaceGateUser user, Authentication authentication, Model model,
                       RedirectAttributes flashes) {
        if (!mayEnroll(user, authentication)) {
            flashes.addFlashAttribute(Flash.ATTRIBUTE, Flash.info(RELOGIN));
            return "redirect:/login";
        }
        model.addAttribute("ttlHours", properties.accountTtlHours());
        model.addAttribute("enrollFrames", properties.face().enrollFrames());
        return "setupfaceid";
    }

    /**
     * @param user           logged-in user
     * @param authentication the session's login ({@link #mayEnroll})
     * @param consent must be {@code true}: the user read what is stored and for how long
     * @param files   multipart {@code frames}
     * @param request request
     * @param flashes flash messages
     * @return JSON or a redirect
     */
    @PostMapping("/setupfaceid")
    public Object enroll(@AuthenticationPrincipal FaceGateUser user, Authentication authentication,
                         @RequestParam(name = "consent", required = false) String consent,
                         @RequestParam(name = "frames", required = false) List<MultipartFile> files,
                         HttpServletRequest request, RedirectAttributes flashes) {
        try {
            if (!mayEnroll(user, authentication)) {
                throw new ApiException(HttpStatus.FORBIDDEN, "recent_login_required", RELOGIN);
            }
            if (!"true".equalsIgnoreCase(consent) && !"on".equalsIgnoreCase(consent)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "consent_required",
                        "Please read the notice and agree before Face ID is set up.");
            }
            List<byte[]> uploads = frames.read(files);
            int needed = properties.face().enrollFrames();
            if (uploads.size() < needed) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "too_few_frames",
                        "Face ID setup needs " + needed + " pictures of your face; got " + uploads.size() + ".");
            }
            FaceEnrollment.EnrollmentResult result = limit.enroll(user, Clients.address(request),
                    () -> enrollment.enroll(user.getId(), uploads));
            if (!result.enrolled()) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, result.error(), result.message());
            }
            return Reply.success(request, flashes, HttpStatus.CREATED,
                    Map.of("templatesStored", result.templatesStored(), "message", result.message(),
                            "redirect", "/account"),
                    "/account", Flash.success(result.message()));
        } catch (ApiException e) {
            return Reply.failure(request, flashes, e, "/setupfaceid");
        }
    }
}
