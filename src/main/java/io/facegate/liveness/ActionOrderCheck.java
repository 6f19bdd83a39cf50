package io.facegate.liveness;

import java.util.Arrays;
import java.util.List;

import io.facegate.face.pose.HeadPose;

/**
 * {@code action_not_done} / {@code actions_out_of_order}: each asked action is reached (yaw or pitch
 * {@link LivenessRules#actionDegrees()} from the start pose) and in the asked order; the first action is the first
 * movement made (no action that was not asked for is reached before it). Only frames within
 * {@link SamePersonCheck#COMPARABLE_ROLL} of the start roll count, so a head tilted sideways (which is never
 * identity-checked) cannot perform an action, and a frame counts for an action only when the head moved more along
 * that action's axis than along the other one (a nod's unreliable yaw is no turn). Measured: the number of asked
 * actions seen done in order.
 */
public final class ActionOrderCheck implements AnswerCheck {

    private final LivenessRules rules;

    /** @param rules thresholds */
    public ActionOrderCheck(LivenessRules rules) {
        this.rules = rules;
    }

    /**
     * Whether the pose moved from the start more along the action's own axis (yaw for turns, pitch for nods) than
     * along the other one. Measured: at the head-turn clip's look-up extreme (frame 38) the estimated yaw moved
     * +16° from a start frame while the pitch moved +26°, and a genuine look-up in the browser test
     * ({@code BrowserLivenessTest}, 4× throttled) was refused {@code moved_before_cue} as a turn to the left made
     * before its cue (the clip's turns there moved yaw 33–56° with pitch ≤ 10°). With this rule the genuine
     * answers of {@code ContinuityFiguresTest} went from 213 to 216 of 216 accepted (its 3 refusals, all
     * {@code moved_before_cue} at scale 1.75, went with this rule alone) and every attack count of
     * {@code ContinuityAttackTest} stayed the same.
     */
    private static boolean alongItsAxis(ChallengeAction action, HeadPose pose, HeadPose start) {
        double yaw = Math.abs(pose.yaw() - start.yaw());
        double pitch = Math.abs(pose.pitch() - start.pitch());
        return switch (action) {
            case TURN_LEFT, TURN_RIGHT -> yaw >= pitch;
            case LOOK_UP, LOOK_DOWN -> pitch >= yaw;
        };
    }

    /**
     * @param answer an answer
     * @param rules  the action amplitude
     * @return per action (by ordinal), the index among the face frames where it is first done, or
     *         {@link Integer#MAX_VALUE} when never
     */
    static int[] firstDone(Answer answer, LivenessRules rules) {
        List<HeadPose> poses = answer.poses();
        HeadPose start = answer.start();
        int[] firstDone = new int[ChallengeAction.values().length];
        Arrays.fill(firstDone, Integer.MAX_VALUE);
        for (int i = 0; i < poses.size(); i++) {
            if (Math.abs(poses.get(i).roll() - start.roll()) > SamePersonCheck.COMPARABLE_ROLL) {
                continue;
            }
            for (ChallengeAction a : ChallengeAction.values()) {
                if (firstDone[a.ordinal()] == Integer.MAX_VALUE && a.isDone(poses.get(i), start, rules.actionDegrees())
                        && alongItsAxis(a, poses.get(i), start)) {
                    firstDone[a.ordinal()] = i;
                }
            }
        }
        return firstDone;
    }

    @Override
    public Finding check(Answer answer) {
        List<ChallengeAction> actions = answer.actions();
        int[] firstDone = firstDone(answer, rules);
        int previous = -1;
        for (int k = 0; k < actions.size(); k++) {
            ChallengeAction a = actions.get(k);
            int at = firstDone[a.ordinal()];
            if (at == Integer.MAX_VALUE) {
                return Finding.refuse(getClass().getSimpleName(), "action_not_done", "The movement \""
                        + a.instruction().toLowerCase()
                        + "\" was not seen (or not far enough): follow the instructions, "
                        + (a == ChallengeAction.LOOK_UP || a == ChallengeAction.LOOK_DOWN ? "tilting" : "turning")
                        + " your head about 20° or more.", k);
            }
            boolean otherBefore = false;
            if (k == 0) {
                for (ChallengeAction other : ChallengeAction.values()) {
                    otherBefore |= other != a && !actions.contains(other) && firstDone[other.ordinal()] < at;
                }
            }
            if (at <= previous || otherBefore || (k == 0 && actions.size() > 1
                    && firstDone[actions.get(1).ordinal()] < at)) {
                return Finding.refuse(getClass().getSimpleName(), "actions_out_of_order",
                        "The movements were not done in the order shown: start again and follow them one after the other.", k);
            }
            previous = at;
        }
        return Finding.pass(getClass().getSimpleName(), actions.size());
    }
}
