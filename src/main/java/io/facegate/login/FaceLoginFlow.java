package io.facegate.login;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

import io.facegate.account.FaceGateUser;
import io.facegate.account.LoginTemplates;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import io.facegate.config.LoginSettings;
import io.facegate.liveness.Challenge;
import io.facegate.liveness.ChallengeService;
import io.facegate.liveness.FrameTimes;
import io.facegate.liveness.LivenessCheck;
import io.facegate.liveness.LivenessGate;
import io.facegate.liveness.LivenessMode;
import io.facegate.liveness.LivenessRules;
import io.facegate.liveness.ReplayGuard;
import io.facegate.storedimage.StoredImages;
import io.facegate.throttle.AccountRef;
import io.facegate.throttle.AttemptMethod;
import io.facegate.web.ApiException;
import io.facegate.web.Clients;
import io.facegate.web.FrameUpload;
import io.facegate.web.RetryLaterException;
import io.facegate.web.SessionLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The face login use case, in order: who is named (second-factor step or optional user name), throttling,
 * the liveness challenge's answer ({@link LivenessGate}), 1:1 verification or 1:N identification of its frontal
 * frames, the replay memory, the audit and the new session. Every refusal is an {@link ApiException} carrying
 * the HTTP status and reason code the controller answers with:
 * 400 for a malformed answer or nonce (not counted as a failed attempt), 401 {@code no_match} (the same for an
 * unknown user name) or {@code password_required}, 422 with a liveness or engine reason code, 429 from
 * {@link LoginGuard}, 503 {@code busy} with {@code Retry-After} when too many answers wait for the liveness
 * analysis ({@link LivenessGate.BusyException}; not counted as a failed attempt), 503 {@code starting} until the
 * application is ready ({@link StartingGate}).
 */
@Service
public class FaceLoginFlow {

    /** Answer for every face that matches no account. */
    public static final String NO_MATCH = "Face not recognised. Try again in better light, or log in with your password.";

    /** Code of a face login without the password step in second-factor mode. */
    public static final String PASSWORD_REQUIRED = "password_required";

    private static final Logger log = LoggerFactory.getLogger(FaceLoginFlow.class);
    /**
     * {@code Retry-After} of a 503 {@code busy} answer: about what 10 waiting answers take on 2 cores (1.36 s of CPU
     * each; README, <i>Challenge answers per second</i>).
     */
    static final java.time.Duration BUSY_RETRY = java.time.Duration.ofSeconds(7);

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
    private final LoginTemplates loginTemplates;
    private final Clock clock;
    private final StoredImages storedImages;
    private final StartingGate starting;

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
     * @param loginTemplates adaptive templates: offered the frontal frames of a liveness-checked login
     * @param clock        UTC clock (when the face factor was proven)
     * @param storedImages the label images of every account, refused as frames of an answer
     * @param starting     face logins wait until the application is ready
     */
    public FaceLoginFlow(FaceVerification verification, FrameUpload frames, UserRepository users,
                         SessionLogin sessionLogin, LoginGuard guard, LoginSettings settings, FaceStep faceStep,
                         LivenessMode liveness, LivenessRules rules, ChallengeService challenges,
                         LivenessGate gate, ReplayGuard replays, LoginTemplates loginTemplates,
                         Clock clock, StoredImages storedImages, StartingGate starting) {
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
        this.loginTemplates = loginTemplates;
        this.clock = clock;
        this.storedImages = storedImages;
        this.starting = starting;
    }

    /**
     * The uploaded parts of one face login.
     *
     * @param username optional user name for 1:1 verification (ignored in second-factor mode)
     * @param nonce    the challenge's nonce (liveness active)
     * @param files    the multipart {@code frames}
     * @param frameTimes the multipart {@code frameTimes} (JSON array of ms since the challenge was issued), or null
     */
    public record Attempt(String username, String nonce, List<MultipartFile> files, String frameTimes) {
    }

    /**
     * Runs the face login and, when it succeeds, logs the user in (new session id).
     *
     * @param attempt  what was uploaded
     * @param request  the request (its session holds the challenge and the second-factor step)
     * @param response the response (session cookie)
     * @return the user now logged in
     * @throws ApiException with the status and code of the refusal
     */
    public FaceGateUser logIn(Attempt attempt, HttpServletRequest request, HttpServletResponse response) {
        starting.requireReady();
        String address = Clients.address(request);
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
            String username = attempt.username();
            name = username == null || username.isBlank() ? null : username.strip();
            named = guard.account(name);
        }
        guard.check(AttemptMethod.FACE, named, address);
        LivenessCheck.Verdict verdict = null;
        FaceVerification.FaceMatch result;
        try {
            if (liveness == LivenessMode.ACTIVE) {
                verdict = live(attempt, request);
                result = name != null ? verification.verifyDescriptors(name, verdict.frontal())
                        : verification.identifyDescriptors(verdict.frontal());
            } else {
                List<byte[]> images = frames.read(attempt.files());
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
                    throw noMatch();
                }
                if (named == null) {
                    // 1:N named nobody: the matched account's own limits still apply.
                    guard.checkMatched(AttemptMethod.FACE, LoginGuard.account(user), address);
                }
                if (verdict != null && replays.replayedOrRemembered(user.getId(), verdict)) {
                    log.warn("Face login refused: frames of an earlier login sent again (user id {})", user.getId());
                    guard.failed(AttemptMethod.FACE, LoginGuard.account(user), address, "replayed_frames");
                    throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "replayed_frames",
                            "These pictures were already used to log in: start a new face check.");
                }
                guard.succeeded(AttemptMethod.FACE, LoginGuard.account(user), address, "ok");
                if (verdict != null) { // adaptive templates: liveness-checked answers, or LIVENESS=off if allowed
                    loginTemplates.offer(user.getId(), verdict.frontal());
                } else {
                    loginTemplates.offerUnchecked(user.getId(), result.frames());
                }
                // The factors proven (Spring Security factor authorities with their time, for OpenID Connect's amr,
                // acr and auth_time): the face, and in second-factor mode the first factor (password or passkey) of
                // the pending step.
                List<GrantedAuthority> factors = new ArrayList<>(LoginFactors.face(clock.instant(), verdict != null));
                faceStep.pending(request).ifPresent(p -> factors.add(p.proven()));
                faceStep.close(request);
                sessionLogin.logIn(user, factors, request, response);
                return user;
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
                throw noMatch();
            }
        }
    }

    /** Consumes the nonce, reads the challenge's frames and examines them; throws the refusal. */
    private LivenessCheck.Verdict live(Attempt attempt, HttpServletRequest request) {
        Challenge challenge;
        try {
            challenge = challenges.consume(request.getSession(false), attempt.nonce());
        } catch (ChallengeService.ChallengeRefusedException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.problem().code(), e.problem().message());
        }
        List<byte[]> images = frames.read(attempt.files(), rules.maxFrames());
        if (images.size() < rules.minFrames()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "too_few_frames",
                    "Send at least " + rules.minFrames() + " frames captured during the face check.");
        }
        if (attempt.frameTimes() == null || attempt.frameTimes().isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "frame_times_required",
                    "Send frameTimes: the capture time of each frame, in ms since the challenge was issued.");
        }
        long[] times;
        try {
            times = FrameTimes.parse(attempt.frameTimes(), images.size());
        } catch (FrameTimes.InvalidFrameTimesException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "frame_times_invalid", e.getMessage());
        }
        long elapsed = challenges.elapsedMs(challenge);
        if (times[times.length - 1] > elapsed + rules.clockSlackMs()) {
            log.info("Face login refused: frame times up to {} ms, {} ms after the challenge was issued",
                    times[times.length - 1], elapsed);
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "frame_times_impossible",
                    "The frames claim to be taken later than they were received: let the page film you.");
        }
        LivenessCheck.Verdict verdict;
        try {
            verdict = gate.examine(images, times, challenge, storedImages.matcher());
        } catch (LivenessGate.BusyException e) {
            log.warn("Face login refused: every analysis slot is taken and the most answers allowed wait already");
            throw new RetryLaterException(HttpStatus.SERVICE_UNAVAILABLE, "busy",
                    "The server is busy checking other face logins. Please try again in a few seconds.", BUSY_RETRY);
        }
        if (!verdict.live()) {
            log.info("Face login refused by the liveness check: {} {}", verdict.code(),
                    verdict.findings().isEmpty() ? "" : verdict.findings().get(verdict.findings().size() - 1));
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, verdict.code(), verdict.message());
        }
        return verdict;
    }

    /** @return the single refusal for a face that matches no account */
    static ApiException noMatch() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "no_match", NO_MATCH);
    }
}
