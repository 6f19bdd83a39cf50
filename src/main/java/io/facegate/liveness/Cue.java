package io.facegate.liveness;

import java.io.Serializable;

/**
 * When the page shows an action: {@code atMs} milliseconds after the challenge was issued, on the same clock as
 * the answer's {@code frameTimes}.
 *
 * @param action the action shown
 * @param atMs   when it is shown, ms since the challenge was issued
 */
public record Cue(ChallengeAction action, long atMs) implements Serializable {
}
