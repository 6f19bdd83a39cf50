package io.facegate.liveness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The genuine answers of {@link LivenessAttackTest} (the shared head-turn clip performing the asked actions, each
 * movement 300 ms after its cue) for tests outside this package that need a face login with the liveness challenge
 * on, e.g. inside the OpenID Connect flow. Skips the calling test, with a message, when the shared clip is absent.
 */
public final class GenuineChallengeAnswers {

    /** Reaction time after each cue, as {@link LivenessAttackTest}'s genuine answer uses. */
    static final long REACTION_MS = 300;

    private GenuineChallengeAnswers() {
    }

    /**
     * A timed answer.
     *
     * @param frames JPEG frames, as a browser canvas gives them
     * @param times  capture time of each frame, in ms after the challenge was issued (the {@code frameTimes} field)
     */
    public record Answer(List<byte[]> frames, long[] times) {
    }

    /**
     * @return three PNG setup frames of the clip's person (frontal, other captures than any answer frame)
     */
    public static List<byte[]> setupFrames() {
        load();
        return List.of(LivenessAttackTest.setupFrame(LivenessAttackTest.SETUP_FRAMES[0]),
                LivenessAttackTest.setupFrame(LivenessAttackTest.SETUP_FRAMES[1]),
                LivenessAttackTest.setupFrame(LivenessAttackTest.SETUP_FRAMES[2]));
    }

    /**
     * @param nonce   the challenge's nonce
     * @param actions its actions as {@code POST /face-login/challenge} names them (e.g. {@code turn_left})
     * @param cues    its cue times in ms ({@code cues[*].atMs})
     * @return the genuine answer to that challenge
     */
    public static Answer answer(String nonce, List<String> actions, List<Long> cues) {
        load();
        List<ChallengeAction> asked = new ArrayList<>();
        for (String a : actions) {
            asked.add(ChallengeAction.valueOf(a.toUpperCase(Locale.ROOT)));
        }
        LivenessAttackTest.Timed timed = LivenessAttackTest.onCues(new LivenessAttackTest.Issued(nonce, asked, cues),
                REACTION_MS);
        return new Answer(timed.frames(), timed.times());
    }

    private static boolean loaded;

    private static synchronized void load() {
        io.facegate.testsupport.LivenessClips.assumePresent();
        if (!loaded) {
            LivenessAttackTest.decodeClipOnce();
            loaded = true;
        }
    }
}
