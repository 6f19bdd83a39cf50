package io.facegate.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.facegate.face.Box;
import io.facegate.face.FaceEngine;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.HeadPoseEstimator;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.LivenessClips;

/**
 * Presentation attacks built from LFW people with 13–15 photos (photo sets in poses, mirrored sets, bursts of the
 * photos closest in scene, faces composited onto one background, genuine frames mirrored with the background
 * mirrored back) and genuine takes of the shared head-turn clip (every action order, several cue timings, crops
 * and scales), all judged by {@link LivenessCheck} with their scene samples and timed to the cues as a best-case
 * attacker would. Prints per species how many were accepted and the refusal codes; asserts the presented species
 * are all refused and at most 5% of genuine answers are. Skipped without the shared data.
 */
class ContinuityAttackTest {

    private static FaceEngine engine;
    private static final LivenessCheck CHECK = new LivenessCheck(LivenessRules.DEFAULT);
    private static final List<ChallengeAction> LEFT_RIGHT = List.of(ChallengeAction.TURN_LEFT, ChallengeAction.TURN_RIGHT);

    @BeforeEach
    void needsTheData() {
        LivenessClips.assumePresent();
    }

    @BeforeAll
    static void load() {
        if (LivenessClips.present()) {
            engine = FaceEngine.load(FaceApiReference.models(), 2);
        }
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Cues at these times (ms since issue): the first and the second. */
    static List<Cue> cues(List<ChallengeAction> actions, long first, long gap) {
        return List.of(new Cue(actions.get(0), first), new Cue(actions.get(1), first + gap));
    }

    /**
     * Judges frames shown in turn: {@code still} until {@code reaction} ms after the first cue, then {@code moves.get(0)}
     * 200 ms apart, then the last of those until the second cue plus the reaction, then {@code moves.get(1)}.
     */
    static LivenessCheck.Verdict judge(List<ContinuityFiguresTest.Seen> still, List<List<ContinuityFiguresTest.Seen>> moves,
                                       List<ChallengeAction> actions, List<Cue> cues, long reaction) {
        List<ContinuityFiguresTest.Seen> frames = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        long now = 100;
        int s = 0;
        List<ContinuityFiguresTest.Seen> holding = still;
        for (int k = 0; k < moves.size(); k++) {
            long start = cues.get(k).atMs() + reaction;
            for (; now < start; now += 250) {
                frames.add(holding.get(Math.min(s++, holding.size() - 1)));
                times.add(now);
            }
            now = Math.max(now, start);
            for (ContinuityFiguresTest.Seen f : moves.get(k)) {
                frames.add(f);
                times.add(now);
                now += 200;
            }
            holding = List.of(moves.get(k).get(moves.get(k).size() - 1));
            s = 0;
        }
        return CHECK.check(Answer.of(frames.stream().map(ContinuityFiguresTest.Seen::face).toList(),
                frames.stream().map(ContinuityFiguresTest.Seen::scene).toList(),
                times.stream().mapToLong(Long::longValue).toArray(), actions, cues));
    }

    static HeadPose pose(ContinuityFiguresTest.Seen s) {
        return HeadPoseEstimator.estimate(s.face().landmarks());
    }

    static BufferedImage mirror(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.setRGB(image.getWidth() - 1 - x, y, image.getRGB(x, y));
            }
        }
        return out;
    }

    /** Tallies per species: answers tried, accepted, refusal codes. */
    static final class Tally {
        final Map<String, int[]> counts = new LinkedHashMap<>();
        final Map<String, Map<String, Integer>> codes = new LinkedHashMap<>();

        void add(String species, LivenessCheck.Verdict v) {
            int[] c = counts.computeIfAbsent(species, k -> new int[2]);
            c[0]++;
            if (v.live()) {
                c[1]++;
            }
            codes.computeIfAbsent(species, k -> new TreeMap<>()).merge(v.live() ? "ACCEPTED" : v.code(), 1, Integer::sum);
        }

        void print(String title) {
            System.out.println(title);
            counts.forEach((k, c) -> System.out.printf("  %-60s %3d tried, %3d accepted (%.1f%%)  %s%n", k, c[0], c[1],
                    100.0 * c[1] / c[0], codes.get(k)));
        }
    }

    @Test
    void photoSetsMirroredSetsBurstsAndCompositesAgainstGenuineTakes() {
        Tally attacks = new Tally();
        Tally genuine = new Tally();
        // Genuine: the clip at scales and crops, every action order, three cue timings, two reactions.
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        // Off-centre crops are left out: this harness runs the TinyFaceDetector alone and loses a third or more of
        // their frames (no face, or a second detection), so they end as not_enough_face_frames before any check of
        // this class (README: open item).
        double[][] takes = {{2, 1, 0.5}, {1.5, 1, 0.5}, {2, 0.85, 0.5}, {2, 0.9, 0.5}, {1.75, 1, 0.5}, {1.2, 1, 0.5}};
        Map<ChallengeAction, int[]> segments = LivenessAttackTest.SEGMENTS;
        for (double[] t : takes) {
            List<BufferedImage> frames = ContinuityFiguresTest.clipTake(clip, t[0], t[1], t[2]);
            Map<Integer, ContinuityFiguresTest.Seen> seen = new HashMap<>();
            for (int i = 0; i <= 60; i += 2) {
                seen.put(i, ContinuityFiguresTest.see(engine, frames.get(i / 2)));
            }
            for (ChallengeAction a : ChallengeAction.values()) {
                for (ChallengeAction b : ChallengeAction.values()) {
                    if (a == b) {
                        continue;
                    }
                    List<ChallengeAction> actions = List.of(a, b);
                    List<List<ContinuityFiguresTest.Seen>> moves = List.of(
                            java.util.Arrays.stream(segments.get(a)).mapToObj(seen::get).toList(),
                            java.util.Arrays.stream(segments.get(b)).mapToObj(seen::get).toList());
                    for (long[] timing : new long[][] {{800, 2300, 300}, {1600, 3100, 500}, {2500, 4000, 800}}) {
                        genuine.add(String.format("clip ×%.1f crop %.2f@%.1f", t[0], t[1], t[2]),
                                judge(List.of(seen.get(0)), moves, actions, cues(actions, timing[0], timing[1]), timing[2]));
                    }
                }
            }
        }
        // LFW people with many photos.
        for (String person : ContinuityFiguresTest.PEOPLE) {
            List<BufferedImage> photos = ContinuityFiguresTest.lfw(person);
            List<ContinuityFiguresTest.Seen> seen = photos.stream().map(p -> ContinuityFiguresTest.see(engine, p))
                    .filter(s -> s.face() != null).toList();
            List<ContinuityFiguresTest.Seen> byYaw = seen.stream().sorted(Comparator.comparingDouble(s -> pose(s).yaw())).toList();
            List<ContinuityFiguresTest.Seen> frontal = seen.stream()
                    .sorted(Comparator.comparingDouble(s -> Math.abs(pose(s).yaw()))).limit(3).toList();
            // 1. Photo set in poses: frontal photos, then the photos in yaw order up to the most turned to the left and
            // back, then down to the most turned to the right and back.
            List<ContinuityFiguresTest.Seen> left = new ArrayList<>(byYaw.subList(byYaw.size() / 2, byYaw.size()));
            List<ContinuityFiguresTest.Seen> right = new ArrayList<>(byYaw.subList(0, byYaw.size() / 2));
            java.util.Collections.reverse(right);
            List<ContinuityFiguresTest.Seen> goLeft = new ArrayList<>(left);
            goLeft.add(frontal.get(0));
            List<ContinuityFiguresTest.Seen> goRight = new ArrayList<>(right);
            goRight.add(frontal.get(0));
            attacks.add("presented: photo set in poses", judge(frontal, List.of(goLeft, goRight), LEFT_RIGHT,
                    cues(LEFT_RIGHT, 1200, 2800), 300));
            // 2. Mirrored set: frontal photos, the most turned photo, then its mirror image for the other turn.
            ContinuityFiguresTest.Seen most = Math.abs(pose(byYaw.get(0)).yaw()) > Math.abs(pose(byYaw.get(byYaw.size() - 1)).yaw())
                    ? byYaw.get(0) : byYaw.get(byYaw.size() - 1);
            ContinuityFiguresTest.Seen mirrored = ContinuityFiguresTest.see(engine, mirror(most.image()));
            if (mirrored.face() != null) {
                boolean mostIsLeft = pose(most).yaw() > 0;
                List<ContinuityFiguresTest.Seen> l = List.of(mostIsLeft ? most : mirrored, frontal.get(1));
                List<ContinuityFiguresTest.Seen> r = List.of(mostIsLeft ? mirrored : most, frontal.get(2));
                attacks.add("presented: mirrored set", judge(frontal, List.of(l, r), LEFT_RIGHT,
                        cues(LEFT_RIGHT, 1200, 2800), 300));
            }
            // 3. Burst: the photos closest in scene to the first frontal one (as from one event), in yaw order.
            ContinuityFiguresTest.Seen anchor = frontal.get(0);
            List<ContinuityFiguresTest.Seen> burst = seen.stream()
                    .sorted(Comparator.comparingDouble(s -> s == anchor ? -1 : nan0(SceneContinuityCheck.difference(anchor.scene(), s.scene()))))
                    .limit(6).sorted(Comparator.comparingDouble(s -> pose(s).yaw())).toList();
            List<ContinuityFiguresTest.Seen> bl = new ArrayList<>(burst.subList(burst.size() / 2, burst.size()));
            List<ContinuityFiguresTest.Seen> br = new ArrayList<>(burst.subList(0, burst.size() / 2));
            java.util.Collections.reverse(br);
            bl.add(anchor);
            br.add(anchor);
            attacks.add("presented: burst (6 photos closest in scene)", judge(List.of(anchor), List.of(bl, br), LEFT_RIGHT,
                    cues(LEFT_RIGHT, 1200, 2800), 300));
            // 4. Composited: every photo's head pasted onto the first frontal photo's background (injected), plain and
            // with its colours matched to the first face's.
            for (boolean matched : new boolean[] {false, true}) {
                List<ContinuityFiguresTest.Seen> cl = composite(anchor, goLeft, matched);
                List<ContinuityFiguresTest.Seen> cr = composite(anchor, goRight, matched);
                if (cl != null && cr != null) {
                    attacks.add(matched ? "injected: composited, colour-matched" : "injected: composited onto one background",
                            judge(composite(anchor, frontal, matched), List.of(cl, cr), LEFT_RIGHT, cues(LEFT_RIGHT, 1200, 2800), 300));
                }
            }
        }
        // 5. Genuine turn-left frames mirrored for the turn right, with and without the background mirrored back.
        Map<Integer, BufferedImage> frames = new HashMap<>();
        for (int i = 0; i <= 60; i += 2) {
            frames.put(i, ContinuityFiguresTest.clipTake(clip, 2, 1, 0.5).get(i / 2));
        }
        ContinuityFiguresTest.Seen start = ContinuityFiguresTest.see(engine, frames.get(0));
        List<ContinuityFiguresTest.Seen> turnLeft = java.util.Arrays.stream(segments.get(ChallengeAction.TURN_LEFT))
                .mapToObj(i -> ContinuityFiguresTest.see(engine, frames.get(i))).toList();
        for (boolean backgroundBack : new boolean[] {false, true}) {
            List<ContinuityFiguresTest.Seen> mirroredLeft = new ArrayList<>();
            for (int i : segments.get(ChallengeAction.TURN_LEFT)) {
                BufferedImage m = mirror(frames.get(i));
                if (backgroundBack) {
                    m = restoreBackground(frames.get(0), m, start.face().detection().box());
                }
                mirroredLeft.add(ContinuityFiguresTest.see(engine, m));
            }
            if (mirroredLeft.stream().allMatch(s -> s.face() != null)) {
                attacks.add(backgroundBack ? "injected: genuine frames mirrored, background mirrored back"
                        : "presented: genuine frames mirrored (video of the owner flipped)",
                        judge(List.of(start), List.of(turnLeft, mirroredLeft), LEFT_RIGHT, cues(LEFT_RIGHT, 1200, 2800), 300));
            }
        }
        genuine.print("Genuine answers (head-turn clip):");
        attacks.print("Attacks:");
        int genuineTried = genuine.counts.values().stream().mapToInt(c -> c[0]).sum();
        int genuineRefused = genuine.counts.values().stream().mapToInt(c -> c[0] - c[1]).sum();
        System.out.printf("Genuine refused: %d of %d (%.1f%%)%n", genuineRefused, genuineTried, 100.0 * genuineRefused / genuineTried);
        assertThat(genuineRefused).isLessThanOrEqualTo(genuineTried / 20);
        attacks.counts.forEach((species, c) -> {
            if (species.startsWith("presented")) {
                assertThat(c[1]).as(species + " accepted").isZero();
            }
        });
    }

    private static double nan0(double v) {
        return Double.isNaN(v) ? 1e9 : v;
    }

    /** Pastes each photo's head region (face box widened 40%) onto the anchor photo at the same place. */
    private static List<ContinuityFiguresTest.Seen> composite(ContinuityFiguresTest.Seen anchor,
                                                              List<ContinuityFiguresTest.Seen> heads, boolean matched) {
        double[] target = anchor.scene().faceColour();
        List<ContinuityFiguresTest.Seen> out = new ArrayList<>();
        for (ContinuityFiguresTest.Seen h : heads) {
            BufferedImage img = new BufferedImage(anchor.image().getWidth(), anchor.image().getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.drawImage(anchor.image(), 0, 0, null);
            g.dispose();
            Box b = h.face().detection().box();
            double[] own = h.scene().faceColour();
            int x0 = Math.max(0, (int) (b.x() - 0.2 * b.width()));
            int y0 = Math.max(0, (int) (b.y() - 0.3 * b.height()));
            int x1 = Math.min(img.getWidth(), (int) (b.x() + 1.2 * b.width()));
            int y1 = Math.min(img.getHeight(), (int) (b.y() + 1.1 * b.height()));
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    int rgb = h.image().getRGB(x, y);
                    int r = (rgb >> 16) & 0xff;
                    int gg = (rgb >> 8) & 0xff;
                    int bb = rgb & 0xff;
                    if (matched) {
                        r = clamp(r * target[0] / Math.max(1, own[0]));
                        gg = clamp(gg * target[1] / Math.max(1, own[1]));
                        bb = clamp(bb * target[2] / Math.max(1, own[2]));
                    }
                    img.setRGB(x, y, (r << 16) | (gg << 8) | bb);
                }
            }
            ContinuityFiguresTest.Seen s = ContinuityFiguresTest.see(engine, img);
            if (s.face() == null) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** The mirrored frame with everything outside the (mirrored) person region taken from the original scene. */
    private static BufferedImage restoreBackground(BufferedImage scene, BufferedImage mirrored, Box face) {
        BufferedImage out = new BufferedImage(mirrored.getWidth(), mirrored.getHeight(), BufferedImage.TYPE_INT_RGB);
        double x0 = mirrored.getWidth() - face.x() - face.width();
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                boolean head = x > x0 - 0.6 * face.width() && x < x0 + 1.6 * face.width() && y > face.y() - 0.6 * face.height();
                out.setRGB(x, y, head ? mirrored.getRGB(x, y) : scene.getRGB(x, y));
            }
        }
        return out;
    }
}
