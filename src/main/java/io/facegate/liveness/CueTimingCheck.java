package io.facegate.liveness;

import io.facegate.face.pose.HeadPose;

/**
 * Timing a recording cannot know: the cues come at server-chosen random times, so a head filmed earlier moves at
 * the wrong moments. Refuses {@code moved_before_cue} when, before the first cue, the head leaves
 * {@link LivenessRules#stillDegrees()} of its first pose, or when an action is seen done earlier than
 * {@link LivenessRules#minReactionMs()} after its own cue; {@code reaction_too_slow} when it is first seen later
 * than {@link LivenessRules#maxReactionMs()} after it. Measured: the latest reaction, ms from cue to the action
 * first seen done (negative when before). Answers without cues pass unmeasured.
 */
public final class CueTimingCheck implements AnswerCheck {

    private final LivenessRules rules;

    /** @param rules thresholds */
    public CueTimingCheck(LivenessRules rules) {
        this.rules = rules;
    }

    @Override
    public Finding check(Answer answer) {
        if (answer.cues().isEmpty()) {
            return Finding.pass(getClass().getSimpleName(), Double.NaN);
        }
        HeadPose start = answer.start();
        long firstCue = answer.cues().get(0).atMs();
        for (int i = 0; i < answer.faces().size() && answer.timesMs()[i] < firstCue; i++) {
            HeadPose p = answer.poses().get(i);
            double moved = Math.max(Math.abs(p.yaw() - start.yaw()), Math.abs(p.pitch() - start.pitch()));
            if (moved > rules.stillDegrees()) {
                return Finding.refuse(getClass().getSimpleName(), "moved_before_cue", "Your head moved before the "
                        + "first movement was shown: hold still until the page shows it, then do it at once.",
                        answer.timesMs()[i] - firstCue);
            }
        }
        int[] firstDone = ActionOrderCheck.firstDone(answer, rules);
        double latest = Double.NEGATIVE_INFINITY;
        for (Cue cue : answer.cues()) {
            int at = firstDone[cue.action().ordinal()];
            if (at == Integer.MAX_VALUE) {
                continue; // ActionOrderCheck refuses it
            }
            long reaction = answer.timesMs()[at] - cue.atMs();
            latest = Math.max(latest, reaction);
            if (reaction < rules.minReactionMs()) {
                return Finding.refuse(getClass().getSimpleName(), "moved_before_cue", "The movement \""
                        + cue.action().instruction().toLowerCase() + "\" was made before it was shown: wait for each "
                        + "movement to appear, then do it.", reaction);
            }
            if (reaction > rules.maxReactionMs()) {
                return Finding.refuse(getClass().getSimpleName(), "reaction_too_slow", "The movement \""
                        + cue.action().instruction().toLowerCase() + "\" came too long after it was shown: do each "
                        + "movement as soon as it appears.", reaction);
            }
        }
        return Finding.pass(getClass().getSimpleName(), latest);
    }
}
