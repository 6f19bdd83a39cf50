package io.facegate.passkey;

import io.facegate.account.FaceGateUser;
import io.facegate.config.LoginSettings;
import io.facegate.login.FaceStep;
import io.facegate.login.LoginFactors;
import io.facegate.login.LoginGuard;
import io.facegate.throttle.AccountRef;
import io.facegate.throttle.AttemptMethod;
import io.facegate.web.ApiError;
import io.facegate.web.ApiException;
import io.facegate.web.Clients;
import io.facegate.web.LoginDestination;
import io.facegate.web.SessionLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The passkey login use case around Spring Security's WebAuthn check ({@link PasskeyLoginFilter} runs it): the
 * account the assertion claims, throttling and audit ({@link LoginGuard}, method {@code passkey}), and what a
 * verified passkey does to the session.
 * <ul>
 *   <li>{@code FACE_MODE=alternative}, or an account without Face ID: the passkey logs in ({@code FACTOR_WEBAUTHN},
 *       {@code amr} {@code pop}, one factor). Factors this session already proved for the same account (a
 *       password, a face) are kept, so a passkey after the password is two factors, {@code mfa}.</li>
 *   <li>{@code FACE_MODE=second-factor}, account with Face ID: a passkey is one of the two steps. After the
 *       password step it completes the login instead of the face (password + passkey); alone it opens the face step
 *       as the password does, and the face completes it (passkey + face).</li>
 * </ul>
 * Every success answers {@code {"username", "redirect"}} where {@code redirect} is the saved request (e.g. another
 * site's OpenID Connect authorization request) or {@code /account}; with the face step still to do,
 * {@code {"username", "redirect": "/face-login", "faceStepRequired": true}}. Failures answer one 401
 * {@code passkey_failed} whatever went wrong (unknown passkey, bad signature, deleted account): nothing says which
 * passkeys or accounts exist.
 */
public class PasskeyLogin {

    /** The one answer to a passkey that does not log in. */
    public static final String FAILED = "This passkey could not log you in. Try again, or log in with your password.";

    static final String CLAIMED = PasskeyLogin.class.getName() + ".CLAIMED";

    private final LoginGuard guard;
    private final LoginSettings settings;
    private final FaceStep faceStep;
    private final SessionLogin sessionLogin;
    private final UserDetailsService details;
    private final UserCredentialRepository credentials;
    private final PublicKeyCredentialUserEntityRepository userEntities;
    private final JsonMapper json;
    private final Clock clock;

    /**
     * @param guard        throttling and audit
     * @param settings     face mode
     * @param faceStep     the pending step of second-factor mode
     * @param sessionLogin logs the account in (new session id, factors kept)
     * @param details      accounts by user name
     * @param credentials  stored passkeys
     * @param userEntities their user entities (subject ↔ user name)
     * @param json         JSON writer
     * @param clock        UTC clock (when the factor was proven)
     */
    public PasskeyLogin(LoginGuard guard, LoginSettings settings, FaceStep faceStep, SessionLogin sessionLogin,
                        UserDetailsService details, UserCredentialRepository credentials,
                        PublicKeyCredentialUserEntityRepository userEntities, JsonMapper json, Clock clock) {
        this.guard = guard;
        this.settings = settings;
        this.faceStep = faceStep;
        this.sessionLogin = sessionLogin;
        this.details = details;
        this.credentials = credentials;
        this.userEntities = userEntities;
        this.json = json;
        this.clock = clock;
    }

    /**
     * A refusal before the signature was checked: a throttled attempt (429) or a malformed or unstarted one (400).
     */
    static final class Refusal extends AuthenticationException {

        private final transient ApiException answer;

        Refusal(ApiException answer) {
            super(answer.getMessage());
            this.answer = answer;
        }

        ApiException answer() {
            return answer;
        }
    }

    /**
     * Decides the attempt before its signature is checked, on the account its credential id belongs to (unverified;
     * {@code null} for an unknown passkey) and the client address; counts it up front as a failure.
     *
     * @param credentialId the assertion's credential id
     * @param request      request (the claimed account is kept in it for the audit)
     * @throws Refusal with 429 {@code too_many_attempts} when throttled
     */
    void check(Bytes credentialId, HttpServletRequest request) {
        AccountRef claimed = claimed(credentialId).orElse(null);
        request.setAttribute(CLAIMED, claimed);
        try {
            guard.check(AttemptMethod.PASSKEY, claimed, Clients.address(request));
        } catch (ApiException e) {
            throw new Refusal(e);
        }
    }

    private Optional<AccountRef> claimed(Bytes credentialId) {
        CredentialRecord record = credentials.findByCredentialId(credentialId);
        if (record == null) {
            return Optional.empty();
        }
        PublicKeyCredentialUserEntity entity = userEntities.findById(record.getUserEntityUserId());
        return entity == null ? Optional.empty() : Optional.ofNullable(guard.account(entity.getName()));
    }

    /**
     * A malformed or unstarted attempt (400): audited, not counted.
     *
     * @param code    reason code
     * @param message the sentence
     * @param request request
     * @return the refusal to throw
     */
    Refusal malformed(String code, String message, HttpServletRequest request) {
        guard.refused(AttemptMethod.PASSKEY, null, Clients.address(request), code);
        return new Refusal(new ApiException(HttpStatus.BAD_REQUEST, code, message));
    }

    /**
     * The signature verified.
     *
     * @param request        request
     * @param response       response
     * @param authentication Spring Security's WebAuthn authentication (its name is the user name)
     * @throws IOException writing the answer
     */
    void succeeded(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        FaceGateUser user = (FaceGateUser) details.loadUserByUsername(authentication.getName());
        String address = Clients.address(request);
        Instant now = clock.instant();
        List<GrantedAuthority> factors = new ArrayList<>(List.of(LoginFactors.passkey(now)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", user.getUsername());
        if (settings.secondFactor() && faceStep.required(user)) {
            Optional<FaceStep.Pending> pending = faceStep.pending(request).filter(p -> p.userId() == user.getId()
                    && !FactorGrantedAuthority.WEBAUTHN_AUTHORITY.equals(p.factor()));
            // A session of the same account that already proved a factor (a step-up) gets the passkey added.
            Authentication current = SecurityContextHolder.getContext().getAuthentication();
            boolean loggedIn = !LoginFactors.of(current).isEmpty() && user.getUsername().equals(current.getName());
            if (pending.isEmpty() && !loggedIn) {
                guard.succeeded(AttemptMethod.PASSKEY, LoginGuard.account(user), address, "passkey_face_step_required");
                faceStep.open(user, FactorGrantedAuthority.WEBAUTHN_AUTHORITY, request, response);
                body.put("redirect", "/face-login");
                body.put("faceStepRequired", true);
                write(response, HttpStatus.OK, body);
                return;
            }
            pending.ifPresent(p -> factors.add(p.proven()));
            faceStep.close(request);
        }
        guard.succeeded(AttemptMethod.PASSKEY, LoginGuard.account(user), address, "ok");
        sessionLogin.logIn(user, factors, request, response);
        body.put("redirect", LoginDestination.next(request, response));
        write(response, HttpStatus.OK, body);
    }

    /**
     * The attempt failed: audited (it was counted by {@link #check}) and answered.
     *
     * @param request   request
     * @param response  response
     * @param exception why
     * @throws IOException writing the answer
     */
    void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        if (exception instanceof Refusal refusal) {
            ApiException answer = refusal.answer();
            answer.headers().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
            write(response, answer.status(), ApiError.of(answer));
            return;
        }
        AccountRef claimed = request.getAttribute(CLAIMED) instanceof AccountRef a ? a : null;
        guard.failed(AttemptMethod.PASSKEY, claimed, Clients.address(request),
                claimed == null ? "passkey_unknown" : "passkey_invalid");
        write(response, HttpStatus.UNAUTHORIZED, new ApiError("passkey_failed", FAILED));
    }

    private void write(HttpServletResponse response, HttpStatus status, Object body) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
