package io.facegate.account;

import io.facegate.config.FaceGateProperties;
import io.facegate.web.ApiException;
import io.facegate.web.Clients;
import io.facegate.web.Flash;
import io.facegate.web.FrameUpload;
import io.facegate.web.Reply;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
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
 * 429 {@code too_many_attempts} with {@code Retry-After} ({@link FaceSetupThrottle}).
 */
@Controller
public class SetupFaceIdController {

    private final FaceEnrollment enrollment;
    private final FrameUpload frames;
    private final FaceGateProperties properties;
    private final FaceSetupThrottle limit;

    /**
     * @param enrollment the face engine's enrollment
     * @param frames     frame checks
     * @param properties settings (retention shown in the consent notice)
     * @param limit      the limit on setups that compare the face with every enrolled one
     */
    public SetupFaceIdController(FaceEnrollment enrollment, FrameUpload frames,
                                 FaceGateProperties properties, FaceSetupThrottle limit) {
        this.enrollment = enrollment;
        this.frames = frames;
        this.properties = properties;
        this.limit = limit;
    }

    /**
     * @param model page model
     * @return the page
     */
    @GetMapping("/setupfaceid")
    public String page(Model model) {
        model.addAttribute("ttlHours", properties.accountTtlHours());
        model.addAttribute("enrollFrames", properties.face().enrollFrames());
        return "setupfaceid";
    }

    /**
     * @param user    logged-in user
     * @param consent must be {@code true}: the user read what is stored and for how long
     * @param files   multipart {@code frames}
     * @param request request
     * @param flashes flash messages
     * @return JSON or a redirect
     */
    @PostMapping("/setupfaceid")
    public Object enroll(@AuthenticationPrincipal FaceGateUser user,
                         @RequestParam(name = "consent", required = false) String consent,
                         @RequestParam(name = "frames", required = false) List<MultipartFile> files,
                         HttpServletRequest request, RedirectAttributes flashes) {
        try {
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
