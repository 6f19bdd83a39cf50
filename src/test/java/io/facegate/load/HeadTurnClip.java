package io.facegate.load;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
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
 * a camera sends to a liveness challenge: 24 frames, as the page sends, each a clip frame. The clip's person
 * faces the camera ("holding still": frontal clip frames), does the first action and comes back, pauses, does the
 * second and comes back, and holds still until the 24th frame. The movements are the clip's odd frames (5 fps),
 * the still moments other frontal frames of the clip, so no picture is sent twice.
 */
final class HeadTurnClip {

    /** JPEG quality of a browser canvas. */
    static final float QUALITY = 0.9f;
    /** Frames in one answer (the page sends the challenge's maximum). */
    static final int ANSWER_FRAMES = 24;
    /** Clip frames shown to Face ID setup: frontal moments at the start, between the turns and before the tilts. */
    static final int[] ENROLLMENT = {0, 30, 57};
    /** Still frames before the first action (a person reads the instruction first). */
    static final int LEAD_IN = 3;
    /** Still frames between the two actions. */
    static final int PAUSE = 2;

    /** The clip frames of each movement, from the first frame that leaves the frontal pose back to frontal. */
    private static final Map<ChallengeAction, List<Integer>> MOVES = Map.of(
            ChallengeAction.TURN_LEFT, List.of(3, 5, 7, 9, 11, 13, 15),
            ChallengeAction.TURN_RIGHT, List.of(17, 19, 21, 23, 25, 27, 29),
            ChallengeAction.LOOK_UP, List.of(33, 35, 43, 45),
            ChallengeAction.LOOK_DOWN, List.of(47, 49, 51, 53, 55, 57));
    /**
     * Frontal clip frames (yaw, pitch and roll within a few degrees of the clip's start) used in none of the
     * movements: the still moments of an answer, in this order.
     */
    private static final List<Integer> STILL = List.of(0, 1, 2, 16, 28, 30, 31, 32, 46, 56, 58, 59, 60, 72);

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
     * @param actions the challenge's actions, as the server named them
     * @param mirrored whether the capture is mirrored (then the clip's opposite turn performs a turn)
     * @return the clip frame numbers of the answer, in capture order: {@link #ANSWER_FRAMES} of them
     */
    List<Integer> answer(List<ChallengeAction> actions, boolean mirrored) {
        List<Integer> still = new ArrayList<>(STILL);
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < actions.size(); k++) {
            int pause = k == 0 ? LEAD_IN : PAUSE;
            for (int i = 0; i < pause; i++) {
                out.add(still.remove(0));
            }
            out.addAll(MOVES.get(mirrored ? mirror(actions.get(k)) : actions.get(k)));
        }
        while (out.size() < ANSWER_FRAMES) {
            out.add(still.remove(0));
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
    /** Time from a cue to the first frame of its movement, ms (a person's reaction). */
    static final long REACTION_MS = 300;
    /** Gap between the movement frames: the clip's odd frames at 10 fps. */
    static final long MOVE_GAP_MS = 200;

    /**
     * The head holds still (frontal clip frames every {@value #STILL_GAP_MS} ms) until {@value #REACTION_MS} ms
     * after each cue, then performs that action as the clip does.
     *
     * @param actions  the challenge's actions
     * @param cues     per action, when the page shows it (ms since the challenge was issued)
     * @param mirrored whether the capture is mirrored
     * @return the frames and their times
     */
    Timed answer(List<ChallengeAction> actions, List<Long> cues, boolean mirrored) {
        List<Integer> still = new ArrayList<>(STILL);
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
            for (int i : MOVES.get(mirrored ? mirror(actions.get(k)) : actions.get(k))) {
                out.add(i);
                times.add(now);
                now += MOVE_GAP_MS;
            }
        }
        out.add(still.get(0));
        times.add(now);
        return new Timed(out, times.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * @param capture how the frames are captured
     * @return every clip frame an answer may use, transformed by the capture, as JPEG, by clip frame number
     */
    Map<Integer, byte[]> captured(Capture capture) {
        Map<Integer, byte[]> out = new TreeMap<>();
        List<Integer> used = new ArrayList<>(STILL);
        MOVES.values().forEach(used::addAll);
        for (int i : used) {
            out.put(i, StillAttacks.jpeg(transformed(frames.get(i), capture), QUALITY));
        }
        return out;
    }

    private static BufferedImage transformed(BufferedImage frame, Capture capture) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(frame, capture.transform(w, h), null);
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
