package io.facegate.login;

import io.facegate.account.FaceGateUser;
import io.facegate.account.UserRepository;
import io.facegate.web.ApiException;
import io.facegate.web.Flash;
import io.facegate.web.FrameUpload;
import io.facegate.web.Reply;
import io.facegate.web.SessionLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The login pages: {@code GET /login} (the password form; its POST is handled by Spring Security) and
 * {@code GET/POST /face-login}. The face POST is multipart: 1..N {@code frames} (JPEG/PNG) and an optional
 * {@code username} (1:1 verification when given, else 1:N identification). Answers: 200
 * {@code {"username", "redirect": "/account"}} with a new session id; 401 {@code no_match} (the same for an
 * unknown user name); 400/413/415 for bad frames; 422 with the engine's reason code; 503
 * {@code face_engine_unavailable} when no {@link FaceVerification} is installed.
 */
@Controller
public class LoginController {

    /** Answer for every face that matches no account. */
    public static final String NO_MATCH = "Face not recognised. Try again in better light, or log in with your password.";

    private static final Logger log = LoggerFactory.getLogger(LoginController.class);

    private final ObjectProvider<FaceVerification> verification;
    private final FrameUpload frames;
    private final UserRepository users;
    private final SessionLogin sessionLogin;

    /**
     * @param verification the face engine's verifier, if installed
     * @param frames       frame checks
     * @param users        accounts
     * @param sessionLogin logs the matched user in
     */
    public LoginController(ObjectProvider<FaceVerification> verification, FrameUpload frames, UserRepository users,
                           SessionLogin sessionLogin) {
        this.verification = verification;
        this.frames = frames;
        this.users = users;
        this.sessionLogin = sessionLogin;
    }

    /**
     * @param error  present after a failed login
     * @param model  page model
     * @return the password login page
     */
    @GetMapping("/login")
    public String login(@RequestParam(name = "error", required = false) String error, Model model) {
        if (error != null) {
            model.addAttribute(Flash.ATTRIBUTE, Flash.error(SecurityConfig.LOGIN_FAILED));
        }
        return "login";
    }

    /**
     * @param model page model
     * @return the face login page
     */
    @GetMapping("/face-login")
    public String faceLoginPage(Model model) {
        model.addAttribute("engineAvailable", verification.getIfAvailable() != null);
        return "face-login";
    }

    /**
     * @param username optional user name for 1:1 verification
     * @param files    multipart {@code frames}
     * @param request  request
     * @param response response
     * @param flashes  flash messages
     * @return JSON or a redirect
     */
    @PostMapping("/face-login")
    public Object faceLogin(@RequestParam(name = "username", required = false) String username,
                            @RequestParam(name = "frames", required = false) List<MultipartFile> files,
                            HttpServletRequest request, HttpServletResponse response, RedirectAttributes flashes) {
        try {
            FaceVerification engine = verification.getIfAvailable();
            if (engine == null) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "face_engine_unavailable",
                        "Face login is not available on this server right now; log in with your password.");
            }
            List<byte[]> images = frames.read(files);
            boolean oneToOne = username != null && !username.isBlank();
            FaceVerification.FaceMatch result = oneToOne ? engine.verify(username.strip(), images)
                    : engine.identify(images);
            log.info("Face login ({}): {} distance={}", oneToOne ? "1:1" : "1:N", result.outcome(), result.distance());
            switch (result.outcome()) {
                case MATCH -> {
                    FaceGateUser user = users.findById(result.userId()).map(FaceGateUser::new)
                            .orElseThrow(FaceLoginRefused::noMatch);
                    sessionLogin.logIn(user, request, response);
                    return Reply.success(request, flashes, HttpStatus.OK,
                            Map.of("username", user.getUsername(), "redirect", "/account"),
                            "/account", Flash.success("Welcome back, " + user.getUsername() + "!"));
                }
                case REJECTED -> throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                        result.error() == null ? "face_rejected" : result.error(),
                        result.message() == null ? "The camera frames could not be used; try again." : result.message());
                default -> throw FaceLoginRefused.noMatch();
            }
        } catch (ApiException e) {
            return Reply.failure(request, flashes, e, "/face-login");
        }
    }

    /** The single refusal for a face that matches no account. */
    private static final class FaceLoginRefused {
        static ApiException noMatch() {
            return new ApiException(HttpStatus.UNAUTHORIZED, "no_match", NO_MATCH);
        }
    }
}
