package io.facegate.load;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.facegate.liveness.ChallengeAction;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.StillAttacks;

/**
 * The shared head-turn clip ({@code liveness/headturn.gif}, 10 fps, enlarged ×2 as the tests do) as the answers
 * a camera sends to a liveness challenge, timed to the challenge's cues (the frame-time protocol): the clip's
 * person faces the camera ("holding still": frontal clip frames every {@value #STILL_GAP_MS} ms) until
 * {@value #REACTION_MS} ms after each cue, then does the action as the clip does and comes back. A movement is sent
 * as every {@value #PHASES}rd clip frame from one of {@value #PHASES} starting frames (a {@link Take}'s phase):
 * the real movement, filmed at 3.3 frames per second, so that answers of different phases (or mirrored) share no
 * turned picture. Still frames follow the last movement until the answer has {@value #FRAMES} frames. No picture is
 * sent twice within an answer.
 */
final class HeadTurnClip {

    /** JPEG quality of a browser canvas. */
    static final float QUALITY = 0.9f;
    /**
     * Clip frames shown to Face ID setup: frontal moments no answer sends (those of {@code LivenessAttackTest}): an
     * answer frame of the very moment of a setup frame is a near-copy of its label image, which the app rightly
     * refuses as {@code stored_image}.
     */
    static final int[] ENROLLMENT = {1, 15, 17};
    /** Phases of a movement: it is sent as every {@value}rd clip frame. */
    static final int PHASES = 3;

    /** The clip frames of each movement, first and last: from leaving the frontal pose back to frontal. */
    private static final Map<ChallengeAction, int[]> MOVES = Map.of(
            ChallengeAction.TURN_LEFT, new int[] {3, 15},
            ChallengeAction.TURN_RIGHT, new int[] {17, 29},
            ChallengeAction.LOOK_UP, new int[] {33, 45},
            ChallengeAction.LOOK_DOWN, new int[] {47, 57});
    /**
     * Frontal clip frames (yaw, pitch and roll within a few degrees of the clip's start) used in none of the
     * movements: the still moments of an answer, in this order.
     */
    private static final List<Integer> STILL = List.of(0, 2, 16, 28, 30, 31, 32, 46, 56, 58, 59, 60, 72);

    private final List<BufferedImage> frames;

    /** Reads the clip (fails with a message when the shared data is absent). */
    HeadTurnClip() {
        if (!LivenessClips.present()) {
            throw new IllegalStateException("The shared head-turn clip is not in " + LivenessClips.dataDir()
                    + ": set FACEGATE_SHARED_DATA (or -Dfacegate.shared.data) to the shared data folder.");
        }
        this.frames = LivenessClips.headTurn(2);
    }

    /** @return the frames Face ID setup is given, JPEG */
    List<byte[]> enrollmentFrames() {
        List<byte[]> out = new ArrayList<>();
        for (int i : ENROLLMENT) {
            // Another capture of that moment than the answers' frames (sensor noise), as a camera would give.
            out.add(StillAttacks.jpeg(FaceSamples.shot(frames.get(i), i), QUALITY));
        }
        return out;
    }

    /**
     * An answer timed to the challenge's cues.
     *
     * @param frames the clip frame numbers, in capture order
     * @param times  per frame, ms since the challenge was issued (the multipart {@code frameTimes})
     */
    record Timed(List<Integer> frames, long[] times) {
    }

    /** Gap between still frames of a timed answer, ms (a slow camera; the server accepts 100–1000 ms gaps). */
    static final long STILL_GAP_MS = 500;
    /** Frames of an answer (the load run's baseline: 24). */
    static final int FRAMES = 24;
    /**
     * Added to a still clip frame's number: that moment captured a second time (fresh sensor noise,
     * {@link FaceSamples#shot}), used once the first captures of the still moments are spent.
     */
    static final int RECAPTURE = 1000;
    /** Gap between the still frames after the last movement, ms (within the server's 100–1000 ms). */
    static final long END_GAP_MS = 300;
    /** Time from a cue to the first frame of its movement, ms (a person's reaction). */
    static final long REACTION_MS = 300;
    /** Gap between the movement frames: every {@value #PHASES}rd frame of the clip's 10 fps. */
    static final long MOVE_GAP_MS = 100 * PHASES;

    /**
     * The head holds still (frontal clip frames every {@value #STILL_GAP_MS} ms) until {@value #REACTION_MS} ms
     * after each cue, then performs that action as the clip does, sampled at the take's phase.
     *
     * @param actions the challenge's actions
     * @param cues    per action, when the page shows it (ms since the challenge was issued)
     * @param take    the capture and phases of this answer
     * @return the frames and their times
     */
    Timed answer(List<ChallengeAction> actions, List<Long> cues, Take take) {
        List<Integer> still = new ArrayList<>(STILL);
        for (int i : STILL) {
            still.add(RECAPTURE + i);
        }
        List<Integer> out = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        long now = 100;
        for (int k = 0; k < actions.size(); k++) {
            long start = cues.get(k) + REACTION_MS;
            for (; now < start; now += STILL_GAP_MS) {
                out.add(still.size() > 1 ? still.remove(0) : still.get(0));
                times.add(now);
            }
            now = Math.max(now, start);
            for (int i : move(clipMove(actions.get(k), take.mirrored()), take.phases().get(k))) {
                out.add(i);
                times.add(now);
                now += MOVE_GAP_MS;
            }
        }
        // Still to the end: the camera films on until the answer has FRAMES frames, as the load run's answers
        // always had.
        do {
            out.add(still.size() > 1 ? still.remove(0) : still.get(0));
            times.add(now);
            now += END_GAP_MS;
        } while (out.size() < FRAMES);
        return new Timed(out, times.stream().mapToLong(Long::longValue).toArray());
    }

    /** @return the clip frame every answer starts with */
    static int firstStill() {
        return STILL.get(0);
    }

    /**
     * @param clipMove a movement of the clip
     * @param phase    0 to {@value #PHASES} − 1
     * @return its clip frames from the phase on, every {@value #PHASES}rd, still and setup frames left out
     */
    static List<Integer> move(ChallengeAction clipMove, int phase) {
        int[] range = MOVES.get(clipMove);
        List<Integer> out = new ArrayList<>();
        for (int i = range[0] + phase; i <= range[1]; i += PHASES) {
            int frame = i;
            if (!STILL.contains(frame) && java.util.Arrays.stream(ENROLLMENT).noneMatch(e -> e == frame)) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * @param action   an action asked
     * @param mirrored whether the capture is mirrored
     * @return the clip's movement that performs it: the opposite turn when mirrored
     */
    static ChallengeAction clipMove(ChallengeAction action, boolean mirrored) {
        return mirrored ? mirror(action) : action;
    }

    /**
     * @param mirrored whether the capture is mirrored
     * @return every clip frame an answer may use, so captured, as JPEG, by clip frame number
     */
    Map<Integer, byte[]> captured(boolean mirrored) {
        Map<Integer, byte[]> out = new TreeMap<>();
        List<Integer> used = new ArrayList<>(STILL);
        for (ChallengeAction a : MOVES.keySet()) {
            for (int p = 0; p < PHASES; p++) {
                used.addAll(move(a, p));
            }
        }
        for (int i : used) {
            out.put(i, StillAttacks.jpeg(mirrored ? mirrored(frames.get(i)) : frames.get(i), QUALITY));
        }
        for (int i : STILL) {
            BufferedImage again = FaceSamples.shot(frames.get(i), RECAPTURE + i);
            out.put(RECAPTURE + i, StillAttacks.jpeg(mirrored ? mirrored(again) : again, QUALITY));
        }
        return out;
    }

    private static BufferedImage mirrored(BufferedImage frame) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(frame, w, 0, -w, h, null);
        g.dispose();
        return out;
    }

    private static ChallengeAction mirror(ChallengeAction a) {
        return switch (a) {
            case TURN_LEFT -> ChallengeAction.TURN_RIGHT;
            case TURN_RIGHT -> ChallengeAction.TURN_LEFT;
            default -> a;
        };
    }
}
