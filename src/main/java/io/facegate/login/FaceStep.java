package io.facegate.login;

import io.facegate.account.FaceGateUser;
import io.facegate.account.FaceTemplateRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Second-factor mode ({@code facegate.face.mode=second-factor}): a correct password does not log in an account
 * that has Face ID; it leaves the session anonymous with a pending face step for that account (valid
 * {@link #VALID_FOR}), and {@code POST /face-login} completes it with a 1:1 check against that account only.
 * Accounts without Face ID log in with the password alone (and can then set it up). A passkey can stand in
 * for either step (see {@code io.facegate.passkey.PasskeyLogin}): it completes a pending step, or opens one as the
 * first factor.
 */
@Component
public class FaceStep {

    /** How long the face step stays open after the password step: 5 min. */
    public static final Duration VALID_FOR = Duration.ofMinutes(5);

    static final String ATTRIBUTE = FaceStep.class.getName() + ".PENDING";

    private final FaceTemplateRepository templates;
    private final Clock clock;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());

    /**
     * @param templates face templates (does the account have Face ID?)
     * @param clock     UTC clock
     */
    public FaceStep(FaceTemplateRepository templates, Clock clock) {
        this.templates = templates;
        this.clock = clock;
    }

    /**
     * A first factor (the password, or a passkey) waiting for the face.
     *
     * @param userId   account
     * @param username its user name
     * @param expires  UTC end of validity
     * @param factor   the factor authority proven first ({@code FACTOR_PASSWORD} or {@code FACTOR_WEBAUTHN})
     */
    public record Pending(long userId, String username, Instant expires, String factor) implements Serializable {

        /** @return the first factor, proven {@link #VALID_FOR} before {@link #expires} */
        public GrantedAuthority proven() {
            return FactorGrantedAuthority.withAuthority(factor).issuedAt(expires.minus(VALID_FOR)).build();
        }
    }

    /**
     * @param user the account whose password was just accepted
     * @return whether its login needs the face step
     */
    public boolean required(FaceGateUser user) {
        return templates.countByUserId(user.getId()) > 0;
    }

    /**
     * Undoes the login the password step made (the session, already given a new id, stays anonymous) and opens
     * the face step.
     *
     * @param user     the account
     * @param request  request
     * @param response response
     */
    public void open(FaceGateUser user, HttpServletRequest request, HttpServletResponse response) {
        open(user, FactorGrantedAuthority.PASSWORD_AUTHORITY, request, response);
    }

    /**
     * As {@link #open(FaceGateUser, HttpServletRequest, HttpServletResponse)} after another first factor.
     *
     * @param user     the account
     * @param factor   the factor authority just proven ({@code FACTOR_PASSWORD} or {@code FACTOR_WEBAUTHN})
     * @param request  request
     * @param response response
     */
    public void open(FaceGateUser user, String factor, HttpServletRequest request, HttpServletResponse response) {
        var empty = holder.createEmptyContext();
        holder.setContext(empty);
        contexts.saveContext(empty, request, response);
        request.getSession(true).setAttribute(ATTRIBUTE,
                new Pending(user.getId(), user.getUsername(), clock.instant().plus(VALID_FOR), factor));
    }

    /**
     * @param request request
     * @return the open face step of this session, if any and not expired
     */
    public Optional<Pending> pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof Pending p)) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(p.expires())) {
            session.removeAttribute(ATTRIBUTE);
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** @param request request whose face step is done */
    public void close(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(ATTRIBUTE);
        }
    }
}
