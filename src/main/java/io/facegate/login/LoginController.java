package io.facegate.login;

import io.facegate.account.FaceGateUser;
import io.facegate.account.UserRepository;
import io.facegate.config.LoginSettings;
import io.facegate.account.UserAccount;
import io.facegate.throttle.AccountRef;
import io.facegate.throttle.AttemptMethod;
import io.facegate.web.Clients;
import io.facegate.login.liveness.Challenge;
import io.facegate.login.liveness.ChallengeAction;
import io.facegate.login.liveness.ChallengeService;
import io.facegate.login.liveness.LivenessCheck;
import io.facegate.login.liveness.LivenessGate;
import io.facegate.login.liveness.LivenessMode;
import io.facegate.login.liveness.LivenessRules;
import io.facegate.login.liveness.ReplayGuard;
import io.facegate.storedimage.StoredImages;
import io.facegate.web.ApiException;
import io.facegate.web.Flash;
import io.facegate.web.FrameUpload;
import io.facegate.web.Reply;
import io.facegate.web.SessionLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The login pages: {@code GET /login} (the password form; its POST is handled by Spring Security) and
 * {@code GET/POST /face-login}. The face POST is multipart: 1..N {@code frames} (JPEG/PNG) and an optional
 * {@code username} (1:1 verification when given, else 1:N identification). Answers: 200
 * {@code {"username", "redirect": "/account"}} with a new session id; 401 {@code no_match} (the same for an
 * unknown user name); 400/413/415 for bad frames; 422 with the engine's reason code; 429
 * {@code too_many_attempts} with {@code Retry-After} or {@code face_login_disabled} (see {@link LoginGuard});
 * in second-factor mode 401 {@code password_required} without a password step in this session.
 *
 * <p>With {@code facegate.liveness=active} (default) a face login first gets a challenge from
 * {@code POST /face-login/challenge} and then sends its {@code nonce} with 8–24 frames captured while the user
 * does the actions; see {@link LivenessCheck} for the checks and their reason codes.
 */
@Controller
public class LoginController {

    /** Answer for every face that matches no account. */
    public static final String NO_MATCH = "Face not recognised. Try again in better light, or log in with your password.";

    /** Code of a face login without the password step in second-factor mode. */
    public static final String PASSWORD_REQUIRED = "password_required";

    private static final Logger log = LoggerFactory.getLogger(LoginController.class);

    private final FaceVerification verification;
    private final FrameUpload frames;
    private final UserRepository users;
    private final SessionLogin sessionLogin;
    private final LoginGuard guard;
    private final LoginSettings settings;
    private final FaceStep faceStep;
    private final LivenessMode liveness;
    private final LivenessRules rules;
    private final ChallengeService challenges;
    private final LivenessGate gate;
    private final ReplayGuard replays;
    private final StoredImages storedImages;

    /**
     * @param verification the face engine's verifier
     * @param frames       frame checks
     * @param users        accounts
     * @param sessionLogin logs the matched user in
     * @param guard        throttling and audit
     * @param settings     face mode
     * @param faceStep     the pending face step of second-factor mode
     * @param liveness     whether a challenge is required
     * @param rules        the challenge's frame numbers and thresholds
     * @param challenges   issues and consumes nonces
     * @param gate         the engine-backed liveness examination
     * @param replays      memory of successful answers
     * @param storedImages the label images of every account, refused as frames of an answer
     */
    public LoginController(FaceVerification verification, FrameUpload frames, UserRepository users,
                           SessionLogin sessionLogin, LoginGuard guard, LoginSettings settings, FaceStep faceStep,
                           LivenessMode liveness, LivenessRules rules, ChallengeService challenges,
                           LivenessGate gate, ReplayGuard replays, StoredImages storedImages) {
        this.verification = verification;
        this.frames = frames;
        this.users = users;
        this.sessionLogin = sessionLogin;
        this.guard = guard;
        this.settings = settings;
        this.faceStep = faceStep;
        this.liveness = liveness;
        this.rules = rules;
        this.challenges = challenges;
        this.gate = gate;
        this.replays = replays;
        this.storedImages = storedImages;
    }

    /**
     * @param error  present after a failed login
     * @param retry  seconds to wait, after a throttled login
     * @param model  page model
     * @return the password login page
     */
    @GetMapping("/login")
    public String login(@RequestParam(name = "error", required = false) String error,
                        @RequestParam(name = "retry", required = false) Long retry, Model model) {
        if (retry != null && retry > 0) {
            model.addAttribute(Flash.ATTRIBUTE, Flash.error("Too many failed attempts. Try again in " + retry
                    + (retry == 1 ? " second." : " seconds.")));
        } else if (error != null) {
            model.addAttribute(Flash.ATTRIBUTE, Flash.error(SecurityConfig.LOGIN_FAILED));
        }
        model.addAttribute("rememberMe", !settings.secondFactor());
        model.addAttribute("secondFactor", settings.secondFactor());
        model.addAttribute("liveness", liveness == LivenessMode.ACTIVE);
        return "login";
    }

    /**
     * @param request request (the pending face step of second-factor mode)
     * @param model   page model
     * @return the face login page
     */
    @GetMapping("/face-login")
    public String faceLoginPage(HttpServletRequest request, Model model) {
        boolean step = faceStep.pending(request).isPresent();
        model.addAttribute("faceStep", step);
        model.addAttribute("secondFactor", settings.secondFactor());
        model.addAttribute("liveness", liveness == LivenessMode.ACTIVE);
        if (step && !model.containsAttribute(Flash.ATTRIBUTE)) {
            model.addAttribute(Flash.ATTRIBUTE, Flash.info("Password accepted. Look at the camera to finish "
                    + "logging in."));
        }
        return "face-login";
    }

    /**
     * Starts a liveness challenge for this browser session (replacing any earlier one).
     *
     * @param username optional user name the answer will name (its throttle is asked too)
     * @param request  request (its session is created if needed)
     * @return {@code {nonce, actions: ["turn_left", ...], instructions: [...], expiresInSeconds,
     *         frames: {min, max, intervalMs}}}; 404 {@code liveness_off} when liveness is off; 429
     *         {@code too_many_attempts} with {@code Retry-After} (or {@code face_login_disabled}) when a face login
     *         from here would be throttled now, so that the page says so before the user moves (nothing counted)
     */
    @PostMapping("/face-login/challenge")
    @ResponseBody
    public Object challenge(@RequestParam(name = "username", required = false) String username,
                            HttpServletRequest request) {
        if (liveness != LivenessMode.ACTIVE) {
            throw new ApiException(HttpStatus.NOT_FOUND, "liveness_off",
                    "This server does not use a liveness challenge: send one or more frames to /face-login.");
        }
        AccountRef named = settings.secondFactor()
                ? faceStep.pending(request).map(p -> new AccountRef(UserAccount.keyOf(p.username()), p.userId()))
                        .orElse(null)
                : guard.account(username == null || username.isBlank() ? null : username.strip());
        guard.peek(AttemptMethod.FACE, named, Clients.address(request));
        Challenge c = challenges.issue(request.getSession(true));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nonce", c.nonce());
        body.put("actions", c.actions().stream().map(ChallengeAction::code).toList());
        body.put("instructions", c.actions().stream().map(ChallengeAction::instruction).toList());
        body.put("expiresInSeconds", rules.ttlSeconds());
        body.put("frames", Map.of("min", rules.minFrames(), "max", rules.maxFrames(), "intervalMs", rules.intervalMs()));
        return body;
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
                            @RequestParam(name = "nonce", required = false) String nonce,
                            @RequestParam(name = "frames", required = false) List<MultipartFile> files,
                            HttpServletRequest request, HttpServletResponse response, RedirectAttributes flashes) {
        String address = Clients.address(request);
        try {
            String name;
            AccountRef named;
            if (settings.secondFactor()) {
                FaceStep.Pending pending = faceStep.pending(request).orElse(null);
                if (pending == null) {
                    guard.refused(AttemptMethod.FACE, null, address, PASSWORD_REQUIRED);
                    throw new ApiException(HttpStatus.UNAUTHORIZED, PASSWORD_REQUIRED,
                            "Log in with your password first; face login is the second step.");
                }
                name = pending.username();
                named = new AccountRef(UserAccount.keyOf(pending.username()), pending.userId());
            } else {
                name = username == null || username.isBlank() ? null : username.strip();
                named = guard.account(name);
            }
            guard.check(AttemptMethod.FACE, named, address);
            LivenessCheck.Verdict verdict = null;
            FaceVerification.FaceMatch result;
            try {
                if (liveness == LivenessMode.ACTIVE) {
                    verdict = live(nonce, files, request);
                    result = name != null ? verification.verifyDescriptors(name, verdict.frontal())
                            : verification.identifyDescriptors(verdict.frontal());
                } else {
                    List<byte[]> images = frames.read(files);
                    result = name != null ? verification.verify(name, images) : verification.identify(images);
                }
            } catch (ApiException e) {
                // A presentation the liveness check refused counts as a failed attempt; a malformed request does not.
                if (e.status() == HttpStatus.UNPROCESSABLE_CONTENT) {
                    guard.failed(AttemptMethod.FACE, named, address, e.code());
                } else {
                    guard.withdrawn(AttemptMethod.FACE, named, address, e.code());
                }
                throw e;
            }
            log.info("Face login ({}): {} distance={}", name != null ? "1:1" : "1:N", result.outcome(),
                    result.distance());
            switch (result.outcome()) {
                case MATCH -> {
                    Long expected = named == null ? null : named.userId();
                    FaceGateUser user = users.findById(result.userId()).map(FaceGateUser::new)
                            .filter(u -> named == null || (expected != null && u.getId() == expected.longValue()))
                            .orElse(null);
                    if (user == null) {
                        guard.failed(AttemptMethod.FACE, named, address, "no_match");
                        throw FaceLoginRefused.noMatch();
                    }
                    if (named == null) {
                        // 1:N named nobody: the matched account's own limits still apply.
                        guard.checkMatched(AttemptMethod.FACE, LoginGuard.account(user), address);
                    }
                    if (verdict != null) {
                        if (replays.replayedOrRemembered(user.getId(), verdict)) {
                            log.warn("Face login refused: frames of an earlier login sent again (user id {})", user.getId());
                            guard.failed(AttemptMethod.FACE, LoginGuard.account(user), address, "replayed_frames");
                            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "replayed_frames",
                                    "These pictures were already used to log in: start a new face check.");
                        }
                    }
                    guard.succeeded(AttemptMethod.FACE, LoginGuard.account(user), address, "ok");
                    faceStep.close(request);
                    sessionLogin.logIn(user, request, response);
                    return Reply.success(request, flashes, HttpStatus.OK,
                            Map.of("username", user.getUsername(), "redirect", "/account"),
                            "/account", Flash.success("Welcome back, " + user.getUsername() + "!"));
                }
                case REJECTED -> {
                    String code = result.error() == null ? "face_rejected" : result.error();
                    guard.failed(AttemptMethod.FACE, named, address, code);
                    throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, code,
                            result.message() == null ? "The camera frames could not be used; try again."
                                    : result.message());
                }
                default -> {
                    guard.failed(AttemptMethod.FACE, named, address, "no_match");
                    throw FaceLoginRefused.noMatch();
                }
            }
        } catch (ApiException e) {
            return Reply.failure(request, flashes, e, settings.secondFactor() && e.status() == HttpStatus.UNAUTHORIZED
                    && PASSWORD_REQUIRED.equals(e.code()) ? "/login" : "/face-login");
        }
    }

    /** Consumes the nonce, reads the challenge's frames and examines them; throws the refusal. */
    private LivenessCheck.Verdict live(String nonce, List<MultipartFile> files, HttpServletRequest request) {
        Challenge challenge;
        try {
            challenge = challenges.consume(request.getSession(false), nonce);
        } catch (ChallengeService.ChallengeRefusedException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.problem().code(), e.problem().message());
        }
        List<byte[]> images = frames.read(files, rules.maxFrames());
        if (images.size() < rules.minFrames()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "too_few_frames",
                    "Send at least " + rules.minFrames() + " frames captured during the face check.");
        }
        storedImages.refusal(images).ifPresent(m -> { throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, StoredImages.CODE, m); });
        LivenessCheck.Verdict verdict = gate.examine(images, challenge.actions());
        if (!verdict.live()) {
            log.info("Face login refused by the liveness check: {}", verdict.code());
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, verdict.code(), verdict.message());
        }
        return verdict;
    }

    /** The single refusal for a face that matches no account. */
    private static final class FaceLoginRefused {
        static ApiException noMatch() {
            return new ApiException(HttpStatus.UNAUTHORIZED, "no_match", NO_MATCH);
        }
    }
}
