package io.facegate.account;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.facegate.audit.LoginAttemptRepository;
import io.facegate.audit.LoginAudit;
import io.facegate.face.match.Identification;
import io.facegate.face.match.TemplateAdaptation;
import io.facegate.throttle.AttemptMethod;

/**
 * Adaptive templates (issue 12): after a successful, liveness-checked face login, offers one of its frames to the
 * account's templates under {@link TemplateAdaptation#DEFAULT}: only when the whole gallery still ranks the
 * account first with a fused distance ≤ 0.36 and a margin ≥ 0.10 to the next account, and the login is not
 * contested, i.e. the account had no failed face login in the last {@link #CONTEST_WINDOW} (the caller offers only
 * answers that passed every liveness check). At most 10 templates per account; when full, the most redundant
 * login template is replaced; setup templates are kept. The new template reaches every instance's gallery through
 * the gallery change log, and the owner sees it on the account page, where it can be deleted like the others.
 * Frames of a login without the liveness challenge ({@code LIVENESS=off}) are offered only when the operator allows it
 * ({@code ADAPT_WITHOUT_LIVENESS=true}, {@code facegate.face.adapt-without-liveness}, default false: without the
 * challenge nothing shows that the frames came from a live person in front of the camera, so a printed photo that
 * once logged in could otherwise teach the account more photos). Never fails a login: errors are logged.
 */
@Component
public class LoginTemplates {

    /** A failed face login on the account this recently makes a login contested (issue 12: 24 h). */
    public static final Duration CONTEST_WINDOW = Duration.ofHours(24);

    private static final Logger log = LoggerFactory.getLogger(LoginTemplates.class);

    private final EnrolledGallery gallery;
    private final FaceTemplateStore store;
    private final LoginAttemptRepository attempts;
    private final Clock clock;
    private final TemplateAdaptation rule;
    private final boolean withoutLiveness;

    /**
     * @param gallery         this instance's enrolled templates
     * @param store           template rows
     * @param attempts        the login audit trail (failed face logins)
     * @param clock           UTC clock
     * @param withoutLiveness whether logins without the liveness challenge may add templates
     *                        ({@code facegate.face.adapt-without-liveness}, default false)
     */
    @Autowired
    public LoginTemplates(EnrolledGallery gallery, FaceTemplateStore store, LoginAttemptRepository attempts,
                          Clock clock,
                          @Value("${facegate.face.adapt-without-liveness:false}") boolean withoutLiveness) {
        this(gallery, store, attempts, clock, TemplateAdaptation.DEFAULT, withoutLiveness);
    }

    /**
     * @param gallery         this instance's enrolled templates
     * @param store           template rows
     * @param attempts        the login audit trail (failed face logins)
     * @param clock           UTC clock
     * @param rule            the adaptation rule
     * @param withoutLiveness whether logins without the liveness challenge may add templates
     */
    LoginTemplates(EnrolledGallery gallery, FaceTemplateStore store, LoginAttemptRepository attempts, Clock clock,
                   TemplateAdaptation rule, boolean withoutLiveness) {
        this.gallery = gallery;
        this.store = store;
        this.attempts = attempts;
        this.clock = clock;
        this.rule = rule;
        this.withoutLiveness = withoutLiveness;
    }

    /**
     * Offers the frames of a successful face login that had no liveness challenge ({@code LIVENESS=off}): as
     * {@link #offer}, when the operator allows it, else nothing.
     *
     * @param userId the account logged in
     * @param frames the login's descriptors, {@code float[128]} each
     * @return {@code not_allowed} when the setting is off, else as {@link #offer}
     */
    public String offerUnchecked(long userId, List<float[]> frames) {
        return withoutLiveness ? offer(userId, frames) : "not_allowed";
    }

    /**
     * Offers the frames of a successful, liveness-checked face login of {@code userId}.
     *
     * @param userId the account logged in
     * @param frames the answer's frontal descriptors, {@code float[128]} each
     * @return why nothing was added ({@code not_first}, {@code contested}, or a {@link TemplateAdaptation.Decision}
     *         reason), or {@code added}
     */
    public String offer(long userId, List<float[]> frames) {
        try {
            if (frames.isEmpty()) {
                return "no_frame";
            }
            Identification id = gallery.identify(frames);
            if (!String.valueOf(userId).equals(id.candidateUserId()) || !id.accepted()) {
                return "not_first";
            }
            boolean contested = attempts.existsByUserIdAndMethodAndOutcomeAndAttemptedAtAfter(userId,
                    AttemptMethod.FACE.code(), LoginAudit.FAILURE, clock.instant().minus(CONTEST_WINDOW));
            List<FaceTemplate> rows = store.forUser(userId).stream()
                    .filter(t -> gallery.pipelineVersion().equals(t.getPipelineVersion())).toList();
            var decision = rule.decide(new TemplateAdaptation.Login(frames, id.bestDistance(), id.margin(), contested),
                    rows.stream().map(t -> new TemplateAdaptation.Current(t.getDescriptor(),
                            FaceTemplate.SOURCE_LOGIN.equals(t.getSource()))).toList());
            if (!decision.add()) {
                return decision.reason();
            }
            store.addFromLogin(userId, decision.frame(), gallery.pipelineVersion(),
                    decision.replace() < 0 ? null : rows.get(decision.replace()).getId());
            log.info("Face login added a template to user {}{}", userId,
                    decision.replace() < 0 ? "" : " (replacing a redundant login template)");
            return "added";
        } catch (RuntimeException e) {
            log.warn("Could not add a login template for user {}: {}", userId, e.toString());
            return "error";
        }
    }
}
