package io.facegate.liveness;

/**
 * Thresholds of the liveness challenge. Figures measured on the shared head-turn clip (enlarged ×2, one frame
 * in two, i.e. 5 fps) and on still-photo attacks made from its first frame; see the README's liveness section.
 *
 * @param ttlSeconds            how long a challenge is valid, s (60)
 * @param actionCount           actions per challenge (2)
 * @param minFrames             fewest frames an answer may carry (8)
 * @param maxFrames             most frames an answer may carry (40: the longest cue schedule, 2.5 + 1.5 + 2.5
 *                              + 2.5 s, at one frame per 250 ms, is 36 frames)
 * @param intervalMs            capture interval the page aims at, ms (250); the server accepts any gaps
 * @param minFaceFrames         fewest frames that must show the face (6)
 * @param maxFacelessFraction   largest share of frames without a usable face (1/3: the clip lost 5 of 88
 *                              frames, all at extreme poses)
 * @param actionDegrees         change of yaw or pitch from the start that counts as an action done (15°; the
 *                              clip reaches 48°/−55° yaw, +40°/−23° pitch; still attacks stay within ±3°)
 * @param frontalDegrees        frames within this many degrees of the start pose are the ones matched against
 *                              the account (10°)
 * @param maxNeighbourDistance  largest descriptor distance between two consecutive face frames (0.55: the clip
 *                              needs up to 0.42 at 5 fps; two different people were 0.66 apart)
 * @param minNonRigidResidual   some frame must differ from the start frame by more than a 2-D similarity
 *                              transform explains: RMS residual ≥ 0.06 eye distances (still attacks: ≤ 0.025;
 *                              genuine head turns 0.3–0.45, nods 0.16–0.27)
 * @param duplicateResidual     two frames closer than this (eye distances) count as the same picture (0.02:
 *                              noise or JPEG re-encoding of one still stays below 0.016)
 * @param minDistinctFrames     fewest distinct pictures among the face frames (5)
 * @param maxPoseJumpDegrees    largest change of yaw or pitch between consecutive face frames however close in
 *                              time (45°; the clip's largest was 33° in 200 ms)
 * @param maxPoseSpeed          beyond that, largest change of yaw or pitch per second between consecutive face
 *                              frames (180°/s: 45° per 250 ms, the rule of the fixed 250 ms capture; the clip's
 *                              fastest is 165°/s; a gap of 1 s allows 180°, so slow phones are judged per second,
 *                              not per frame; a frontal frame followed 250 ms later by a 58° turn is refused)
 * @param cueDelayMinMs         shortest random delay before a cue, ms (800: see {@link ChallengeService})
 * @param cueDelayMaxMs         longest random delay before a cue, ms (2500)
 * @param actionMs              time given to perform an action and come back before the next delay starts, ms
 *                              (1500: the clip turns to 15° and back to frontal in 1.2–1.6 s)
 * @param minReactionMs         earliest an action may be seen done after its cue, ms (200: human simple visual
 *                              reaction time is 200–250 ms before any movement starts, so an action seen earlier
 *                              did not answer the cue)
 * @param maxReactionMs         latest an action may be seen done after its cue, ms (2500: a choice reaction of
 *                              about 0.5 s, the turn to 15° itself, 0.2–0.6 s on the clip, and a slow phone's
 *                              frame gap of up to 1 s; every extra second widens what a recording can hit)
 * @param stillDegrees          before the first cue the head stays within this many degrees of yaw and pitch of
 *                              its first frame (10°, two thirds of an action; the clip's frontal frames vary
 *                              by ≤ 4°)
 * @param clockSlackMs          the last frame time may exceed the time between issuing the challenge and
 *                              receiving the answer by this much, ms (1000: the page's clock starts when the
 *                              challenge arrives, later than the server's, so only upload jitter needs slack)
 */
public record LivenessRules(int ttlSeconds, int actionCount, int minFrames, int maxFrames, int intervalMs,
                            int minFaceFrames, double maxFacelessFraction, double actionDegrees,
                            double frontalDegrees, double maxNeighbourDistance, double minNonRigidResidual,
                            double duplicateResidual, int minDistinctFrames, double maxPoseJumpDegrees,
                            double maxPoseSpeed, long cueDelayMinMs, long cueDelayMaxMs, long actionMs,
                            long minReactionMs, long maxReactionMs, double stillDegrees, long clockSlackMs) {

    /** The defaults documented on each component. */
    public static final LivenessRules DEFAULT = new LivenessRules(60, 2, 8, 40, 250, 6, 1.0 / 3, 15, 10, 0.55,
            0.06, 0.02, 5, 45, 180, 800, 2500, 1500, 200, 2500, 10, 1000);

    /** @return the longest a capture can last, ms: the latest last cue plus the reaction window */
    public long maxCaptureMs() {
        return actionCount * cueDelayMaxMs + (actionCount - 1) * actionMs + maxReactionMs;
    }
}
