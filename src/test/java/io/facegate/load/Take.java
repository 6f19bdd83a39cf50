package io.facegate.load;

import java.util.List;

import io.facegate.liveness.ChallengeAction;

/**
 * Which part of the head-turn clip one challenge answer sends: the capture mirrored or not (the clip's person
 * turning to their left, mirrored, is a person turning to their right), and, per action, which third of the
 * movement's clip frames (every third frame from {@code phase}: a camera filming the same real movement at
 * 3.3 frames per second, starting at another moment).
 *
 * @param mirrored whether the whole answer is mirrored
 * @param phases   per action of the challenge, in order, the phase 0–{@value HeadTurnClip#PHASES}−1 of its movement
 * @param keys     per action, the clip movement and phase it uses (what the replay memory could recognise)
 */
record Take(boolean mirrored, List<Integer> phases, List<Key> keys) {

    /**
     * One movement of the clip sampled at one phase, as captured: two answers sharing a key send the same turned
     * pictures, which the app's replay memory rightly refuses.
     *
     * @param mirrored whether captured mirrored
     * @param clipMove the movement the clip shows (for a mirrored capture, the opposite turn of the action asked)
     * @param phase    the phase
     */
    record Key(boolean mirrored, ChallengeAction clipMove, int phase) {
    }
}
