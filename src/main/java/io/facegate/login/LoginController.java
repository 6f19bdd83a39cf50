package io.facegate.login;

import io.facegate.account.FaceGateUser;
import io.facegate.account.UserAccount;
import io.facegate.config.LoginSettings;
import io.facegate.throttle.AccountRef;
import io.facegate.throttle.AttemptMethod;
import io.facegate.web.Clients;
import io.facegate.liveness.Challenge;
import io.facegate.liveness.ChallengeAction;
import io.facegate.liveness.ChallengeService;
import io.facegate.liveness.LivenessMode;
import io.facegate.liveness.LivenessRules;
import io.facegate.web.ApiException;
import io.facegate.web.Flash;
import io.facegate.web.LoginDestination;
import io.facegate.web.Reply;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * {@code too_many_attempts} with {@code Retry-After} or {@code face_login_disabled} (see {@link LoginGuard}); 503
 * {@code busy} with {@code Retry-After} when too many challenge answers wait for analysis; in second-factor mode 401 {@code password_required} without a password step in this session.
 *
 * The flow itself (throttling, liveness, matching, replay memory, session) is {@link FaceLoginFlow}; this class
 * maps HTTP.
 *
 * <p>With {@code facegate.liveness=active} (default) a face login first gets a challenge from
 * {@code POST /face-login/challenge} and then sends its {@code nonce} with 8–24 frames captured while the user
 * does the actions; see {@link LivenessCheck} for the checks and their reason codes.
 */
@Controller
public class LoginController {

    /** Answer for every face that matches no account. */
    public static final String NO_MATCH = FaceLoginFlow.NO_MATCH;

    /** Code of a face login without the password step in second-factor mode. */
    public static final String PASSWORD_REQUIRED = FaceLoginFlow.PASSWORD_REQUIRED;

    private final LoginSettings settings;
    private final FaceStep faceStep;
    private final LivenessMode liveness;
    private final LivenessRules rules;
    private final ChallengeService challenges;
    private final FaceLoginFlow flow;
    private final LoginGuard guard;
    private final StartingGate starting;

    /**
     * @param settings   face mode
     * @param faceStep   the pending face step of second-factor mode
     * @param liveness   whether a challenge is required
     * @param rules      the challenge's frame numbers
     * @param challenges issues nonces
     * @param flow       the face login use case
     * @param guard      login throttling, asked before a challenge is issued
     * @param starting   face logins wait until the application is ready
     */
    public LoginController(LoginSettings settings, FaceStep faceStep, LivenessMode liveness, LivenessRules rules,
                           ChallengeService challenges, FaceLoginFlow flow, LoginGuard guard, StartingGate starting) {
        this.settings = settings;
        this.faceStep = faceStep;
        this.liveness = liveness;
        this.rules = rules;
        this.challenges = challenges;
        this.flow = flow;
        this.guard = guard;
        this.starting = starting;
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
     *         frames: {min, max, intervalMs}, cues: [{action, atMs}], reactionMs: {min, max}}}: {@code atMs} is when
     *         the page shows each action, in ms since this answer (the clock of the answer's {@code frameTimes});
     *         404 {@code liveness_off} when liveness is off; 429 {@code too_many_attempts} with {@code Retry-After}
     *         (or {@code face_login_disabled}) when a face login from here would be throttled now, so that the page
     *         says so before the user moves (nothing counted); in second-factor mode 401 {@code password_required}
     *         without a password step in this session; 503 {@code starting} until the application is ready
     */
    @PostMapping("/face-login/challenge")
    @ResponseBody
    public Object challenge(@RequestParam(name = "username", required = false) String username,
                            HttpServletRequest request) {
        if (liveness != LivenessMode.ACTIVE) {
            throw new ApiException(HttpStatus.NOT_FOUND, "liveness_off",
                    "This server does not use a liveness challenge: send one or more frames to /face-login.");
        }
        starting.requireReady();
        if (settings.secondFactor() && faceStep.pending(request).isEmpty()) {
            // Said before the user films anything (a README-only tester did the whole check first, then was told).
            throw new ApiException(HttpStatus.UNAUTHORIZED, FaceLoginFlow.PASSWORD_REQUIRED,
                    "Log in with your password first; face login is the second step.");
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
        body.put("cues", c.cues().stream().map(q -> Map.of("action", q.action().code(), "atMs", q.atMs())).toList());
        body.put("reactionMs", Map.of("min", rules.minReactionMs(), "max", rules.maxReactionMs()));
        return body;
    }

    /**
     * @param username optional user name for 1:1 verification
     * @param nonce    the challenge's nonce
     * @param files    multipart {@code frames}
     * @param frameTimes multipart {@code frameTimes}: JSON array, per frame its capture time in ms since the
     *                 challenge was issued
     * @param request  request
     * @param response response
     * @param flashes  flash messages
     * @return JSON or a redirect
     */
    @PostMapping("/face-login")
    public Object faceLogin(@RequestParam(name = "username", required = false) String username,
                            @RequestParam(name = "nonce", required = false) String nonce,
                            @RequestParam(name = "frames", required = false) List<MultipartFile> files,
                            @RequestParam(name = "frameTimes", required = false) String frameTimes,
                            HttpServletRequest request, HttpServletResponse response, RedirectAttributes flashes) {
        try {
            FaceGateUser user = flow.logIn(new FaceLoginFlow.Attempt(username, nonce, files, frameTimes), request, response);
            // An interrupted request (e.g. another site's OpenID Connect authorization request) goes on.
            String next = LoginDestination.next(request, response);
            return Reply.success(request, flashes, HttpStatus.OK,
                    Map.of("username", user.getUsername(), "redirect", next),
                    next, Flash.success("Welcome back, " + user.getUsername() + "!"));
        } catch (ApiException e) {
            return Reply.failure(request, flashes, e, settings.secondFactor() && e.status() == HttpStatus.UNAUTHORIZED
                    && PASSWORD_REQUIRED.equals(e.code()) ? "/login" : "/face-login");
        }
    }
}
