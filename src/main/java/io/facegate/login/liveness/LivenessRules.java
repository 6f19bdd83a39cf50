package io.facegate.login.liveness;

/**
 * Thresholds of the liveness challenge. Figures measured on the shared head-turn clip (enlarged ×2, one frame
 * in two, i.e. 5 fps) and on still-photo attacks made from its first frame; see the README's liveness section.
 *
 * @param ttlSeconds            how long a challenge is valid, s (60)
 * @param actionCount           actions per challenge (2)
 * @param minFrames             fewest frames an answer may carry (8)
 * @param maxFrames             most frames an answer may carry (24)
 * @param intervalMs            capture interval the page uses, ms (250: 24 frames = 6 s)
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
 * @param maxPoseJumpDegrees    largest change of yaw or pitch per capture interval between consecutive face
 *                              frames (45°; the clip's largest was 33° in one interval, 47° across a frame
 *                              without a face)
 */
public record LivenessRules(int ttlSeconds, int actionCount, int minFrames, int maxFrames, int intervalMs,
                            int minFaceFrames, double maxFacelessFraction, double actionDegrees,
                            double frontalDegrees, double maxNeighbourDistance, double minNonRigidResidual,
                            double duplicateResidual, int minDistinctFrames, double maxPoseJumpDegrees) {

    /** The defaults documented on each component. */
    public static final LivenessRules DEFAULT = new LivenessRules(60, 2, 8, 24, 250, 6, 1.0 / 3, 15, 10, 0.55,
            0.06, 0.02, 5, 45);
}
