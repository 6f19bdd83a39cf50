package io.facegate.liveness;

import java.security.MessageDigest;
import java.util.Random;
import java.time.Clock;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpSession;

import org.springframework.web.util.WebUtils;

/**
 * Issues liveness challenges and takes them back, single use, bound to the HTTP session: the challenge lives in
 * the session only, so a nonce is worthless in any other session. A new challenge replaces the previous one.
 */
public final class ChallengeService {

    static final String ATTRIBUTE = ChallengeService.class.getName() + ".challenge";
    static final String USED = ChallengeService.class.getName() + ".used";

    /** Why a nonce was refused. */
    public enum Problem {
        /** No nonce was sent. */
        MISSING("challenge_required", "Start the face check again: the page must ask the server for a challenge first."),
        /** The nonce was not issued to this session. */
        INVALID("challenge_invalid", "This face check does not belong to this browser session: start it again."),
        /** The nonce was already used. */
        USED("challenge_used", "This face check was already used: start a new one."),
        /** The nonce is too old. */
        EXPIRED("challenge_expired", "The face check took too long: start it again and follow the instructions at once.");

        private final String code;
        private final String message;

        Problem(String code, String message) {
            this.code = code;
            this.message = message;
        }

        /** @return the reason code */
        public String code() {
            return code;
        }

        /** @return a sentence for the user */
        public String message() {
            return message;
        }
    }

    /** Thrown by {@link #consume} when the nonce cannot be accepted. */
    public static final class ChallengeRefusedException extends RuntimeException {
        private final Problem problem;

        ChallengeRefusedException(Problem problem) {
            super(problem.message());
            this.problem = problem;
        }

        /** @return the reason */
        public Problem problem() {
            return problem;
        }
    }

    private final Clock clock;
    private final Random random;
    private final LivenessRules rules;

    /**
     * @param clock  time source (UTC)
     * @param random source of nonces and actions ({@link java.security.SecureRandom} in the application)
     * @param rules  validity and number of actions
     */
    public ChallengeService(Clock clock, Random random, LivenessRules rules) {
        this.clock = clock;
        this.random = random;
        this.rules = rules;
    }

    /**
     * @param session the browser's session (created by the caller)
     * @return a new challenge, stored in the session in place of any earlier one
     */
    public Challenge issue(HttpSession session) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        List<ChallengeAction> actions = drawActions();
        Instant now = clock.instant();
        Challenge challenge = new Challenge(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), actions,
                now.plusSeconds(rules.ttlSeconds()), now, drawCues(actions));
        session.setAttribute(ATTRIBUTE, challenge);
        return challenge;
    }

    /**
     * The cue schedule: the first cue a random {@link LivenessRules#cueDelayMinMs()}–{@link
     * LivenessRules#cueDelayMaxMs()} after issue, each next one {@link LivenessRules#actionMs()} plus such a random
     * delay after the previous one (uniform, whole ms). A recording made before the challenge cannot know them.
     */
    private List<Cue> drawCues(List<ChallengeAction> actions) {
        List<Cue> cues = new ArrayList<>();
        long at = 0;
        for (int k = 0; k < actions.size(); k++) {
            at += (k == 0 ? 0 : rules.actionMs()) + rules.cueDelayMinMs()
                    + (long) random.nextInt((int) (rules.cueDelayMaxMs() - rules.cueDelayMinMs() + 1));
            cues.add(new Cue(actions.get(k), at));
        }
        return cues;
    }

    /**
     * {@link LivenessRules#actionCount()} different actions in random order, always including a turn (left or
     * right). Turned frames are compared with the first frame's face, nods beyond a few degrees are not (the
     * descriptor moves with pitch, see {@link LivenessCheck}); a challenge of nods alone could be answered by a photo
     * of the account's face for the frontal frames and another, live, person's nods for the motion.
     */
    private List<ChallengeAction> drawActions() {
        List<ChallengeAction> turns = List.of(ChallengeAction.TURN_LEFT, ChallengeAction.TURN_RIGHT);
        List<ChallengeAction> pool = new ArrayList<>(List.of(ChallengeAction.values()));
        List<ChallengeAction> actions = new ArrayList<>();
        ChallengeAction turn = turns.get(random.nextInt(turns.size()));
        pool.remove(turn);
        actions.add(turn);
        while (actions.size() < rules.actionCount() && !pool.isEmpty()) {
            actions.add(pool.remove(random.nextInt(pool.size())));
        }
        Collections.shuffle(actions, random);
        return actions;
    }

    /**
     * @param challenge an issued challenge
     * @return milliseconds from its issue to now (the longest its answer's frame times can span, before slack)
     */
    public long elapsedMs(Challenge challenge) {
        return java.time.Duration.between(challenge.issuedAt(), clock.instant()).toMillis();
    }

    /**
     * Takes the session's challenge back if {@code nonce} is its nonce; from then on it is used, whatever the
     * answer's outcome.
     *
     * @param session the session, or null
     * @param nonce   the nonce the client sent, or null
     * @return the challenge
     * @throws ChallengeRefusedException if the nonce is missing, not this session's, used or expired
     */
    public Challenge consume(HttpSession session, String nonce) {
        if (nonce == null || nonce.isBlank()) {
            throw new ChallengeRefusedException(Problem.MISSING);
        }
        if (session == null) {
            throw new ChallengeRefusedException(Problem.INVALID);
        }
        synchronized (WebUtils.getSessionMutex(session)) {
            Object used = session.getAttribute(USED);
            if (used instanceof String u && same(u, nonce)) {
                throw new ChallengeRefusedException(Problem.USED);
            }
            Object stored = session.getAttribute(ATTRIBUTE);
            if (!(stored instanceof Challenge challenge) || !same(challenge.nonce(), nonce)) {
                throw new ChallengeRefusedException(Problem.INVALID);
            }
            session.removeAttribute(ATTRIBUTE);
            session.setAttribute(USED, challenge.nonce());
            if (!clock.instant().isBefore(challenge.expiresAt())) {
                throw new ChallengeRefusedException(Problem.EXPIRED);
            }
            return challenge;
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
