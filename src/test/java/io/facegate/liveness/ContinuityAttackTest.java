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
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.facegate.face.Box;
import io.facegate.face.FaceEngine;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.HeadPoseEstimator;
import io.facegate.testsupport.ClipEngineTest;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.SharedAnalyses;

/**
 * Presentation attacks built from LFW people with many photos (photo sets in poses, mirrored sets, bursts of the
 * photos closest in scene, the owner's photos held up in a room with the holder's own live turns between; faces
 * composited onto one background, injected and not asserted, only with {@link ContinuityAttackFigures}) and from the shared head-turn clip (its frames mirrored, with the background
 * mirrored back, also flipped about the face; stills of the video in two poses per turn with genuine still frames;
 * stills printed and held at two distances), against genuine takes of the clip (every action order, three cue
 * timings, a slow phone's irregular gaps, centred and off-centre crops, four scales), all judged by
 * {@link LivenessCheck} with their scene samples and timed to the cues as a best-case attacker would. The LFW attacks
 * run on the 6 people used for tuning and, separately, on 8 held-out people. Prints per species how many were
 * accepted and the refusal codes, and each check's largest figure over the genuine answers; asserts the presented
 * species are all refused, each new species with the code of the rule built for it, and at most 5% of genuine
 * answers are. Skipped without the shared data.
 */
class ContinuityAttackTest extends ClipEngineTest {

    private static final LivenessCheck CHECK = new LivenessCheck(LivenessRules.DEFAULT);
    private static final List<ChallengeAction> LEFT_RIGHT = List.of(ChallengeAction.TURN_LEFT, ChallengeAction.TURN_RIGHT);

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
        return judge(still, moves, actions, cues, reaction, null);
    }

    /**
     * As {@link #judge(List, List, List, List, long)}; with {@code slow} non-null, a slow phone: still frames
     * 100–1000 ms apart, and each moving frame dropped with probability 0.4 except the first, the last and the
     * most turned one of its action (the page films until it sees the action done); the kept ones keep their times,
     * so gaps of 200–1000 ms carry the motion the clip made in them.
     */
    static LivenessCheck.Verdict judge(List<ContinuityFiguresTest.Seen> still, List<List<ContinuityFiguresTest.Seen>> moves,
                                       List<ChallengeAction> actions, List<Cue> cues, long reaction, Random slow) {
        List<ContinuityFiguresTest.Seen> frames = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        long now = 100;
        int s = 0;
        List<ContinuityFiguresTest.Seen> holding = still;
        for (int k = 0; k < moves.size(); k++) {
            long start = cues.get(k).atMs() + reaction;
            for (; now < start; now += slow == null ? 250 : 100 + slow.nextInt(901)) {
                frames.add(holding.get(Math.min(s++, holding.size() - 1)));
                times.add(now);
            }
            now = Math.max(now, start);
            int peak = peak(moves.get(k), still.get(0));
            for (int m = 0; m < moves.get(k).size(); m++) {
                if (slow == null || m == 0 || m == peak || m == moves.get(k).size() - 1 || slow.nextDouble() >= 0.4) {
                    frames.add(moves.get(k).get(m));
                    times.add(now);
                }
                now += 200;
            }
            holding = List.of(moves.get(k).get(moves.get(k).size() - 1));
            s = 0;
        }
        return CHECK.check(Answer.of(frames.stream().map(ContinuityFiguresTest.Seen::face).toList(),
                frames.stream().map(ContinuityFiguresTest.Seen::scene).toList(),
                times.stream().mapToLong(Long::longValue).toArray(), actions, cues));
    }

    /** Index of the frame of {@code move} farthest in pose from {@code start} (-1 when a frame has no face). */
    private static int peak(List<ContinuityFiguresTest.Seen> move, ContinuityFiguresTest.Seen start) {
        int best = -1;
        double farthest = -1;
        for (int m = 0; m < move.size(); m++) {
            if (move.get(m).face() == null || start.face() == null) {
                continue;
            }
            double d = Math.max(Math.abs(pose(move.get(m)).yaw() - pose(start).yaw()),
                    Math.abs(pose(move.get(m)).pitch() - pose(start).pitch()));
            if (d > farthest) {
                farthest = d;
                best = m;
            }
        }
        return best;
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

    /** LFW people used for tuning the thresholds (the 6 with 13–15 photos). */
    static final String[] TUNING = ContinuityFiguresTest.PEOPLE;
    /**
     * LFW people never used while the thresholds were chosen (the next 8 by number of photos, 12–13 each): the
     * attacks are tried on them only after the thresholds were frozen.
     */
    static final String[] HELD_OUT = {"Donald_Rumsfeld", "Wen_Jiabao", "Luiz_Inacio_Lula_da_Silva", "Jennifer_Capriati",
            "Hans_Blix", "David_Beckham", "Arnold_Schwarzenegger", "Amelie_Mauresmo"};

    /** What {@link #evaluate} gave: per species, the genuine answers, the attacks (tuning people, clip), held-out. */
    record Tallies(Tally genuine, Tally attacks, Tally unseen) {
    }

    /**
     * The genuine answers and the presented and injected attacks, asserted. The composited attacks (injected, not
     * asserted: the README's table gives their figures, 1 of 3 colour-matched ones passing) are left to
     * {@link ContinuityAttackFigures}, which prints every table with them: ~500 more analysed frames, about a third
     * of this test's time.
     */
    @Test
    void photoSetsMirroredSetsBurstsAndCompositesAgainstGenuineTakes(SharedAnalyses.Cache cache) {
        Tallies t = evaluate(engine, cache, false);
        Tally genuine = t.genuine();
        Tally attacks = t.attacks();
        Tally unseen = t.unseen();
        int genuineTried = genuine.counts.values().stream().mapToInt(c -> c[0]).sum();
        int genuineRefused = genuine.counts.values().stream().mapToInt(c -> c[0] - c[1]).sum();
        assertThat(genuineRefused).isLessThanOrEqualTo(genuineTried / 20);
        for (Tally tally : List.of(attacks, unseen)) {
            tally.counts.forEach((species, c) -> {
                if (species.startsWith("presented")) {
                    assertThat(c[1]).as(species + " accepted").isZero();
                }
            });
        }
        assertThat(attacks.codes.get("presented: owner's video stills in two poses + genuine frames"))
                .containsOnlyKeys("pose_skipped");
        assertThat(attacks.codes.get("presented: owner's video stills, printed, held at two distances"))
                .containsOnlyKeys("face_jump");
        assertThat(attacks.codes.get("injected: genuine frames mirrored, background mirrored back"))
                .containsOnlyKeys("face_jump");
        assertThat(attacks.codes.get("injected: genuine frames mirrored about the face, background mirrored back"))
                .containsOnlyKeys("mirrored_frame");
    }

    /**
     * Builds and judges every genuine answer and attack, printing the tables.
     *
     * @param engine     the face engine (face-api.js weights, 2 threads: as {@link ClipEngineTest})
     * @param cache      the run's analyses of the genuine takes' frames (shared with the other liveness figures)
     * @param composites whether the faces composited onto one background (plain and colour-matched) are tried too
     * @return the tallies
     */
    static Tallies evaluate(FaceEngine engine, SharedAnalyses.Cache cache, boolean composites) {
        Tally attacks = new Tally();
        Tally unseen = new Tally();
        Tally genuine = new Tally();
        Map<String, Double> genuineFigures = new TreeMap<>();
        // Genuine: the clip at scales and crops (centred and off-centre), every action order, three cue timings
        // with two reactions, and one slow-phone answer (gaps 100–1000 ms) per order.
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        // Crops keep 95% of the height at most off centre: a crop that cuts the top of the head (85%) loses a third of
        // the frames to the detectors before any check (no face found; README, Limits).
        double[][] takes = {{2, 1, 0.5}, {1.5, 1, 0.5}, {2, 0.85, 0.5}, {2, 0.9, 0.5}, {1.75, 1, 0.5}, {1.2, 1, 0.5},
            {2, 0.95, 0}, {2, 0.95, 1}, {1.5, 0.95, 0}, {1.5, 0.95, 1}};
        Map<ChallengeAction, int[]> segments = LivenessAttackTest.SEGMENTS;
        // The whole, centred take ×2 (the first) is also the room and the owner's video of the attacks below: its
        // frames are analysed once (the engine gives the same result for the same pixels).
        Map<Integer, BufferedImage> wholeFrames = new HashMap<>();
        Map<Integer, ContinuityFiguresTest.Seen> wholeSeen = new HashMap<>();
        for (double[] t : takes) {
            List<BufferedImage> frames = ContinuityFiguresTest.clipTake(clip, t[0], t[1], t[2]);
            Map<Integer, ContinuityFiguresTest.Seen> seen = new HashMap<>();
            for (int i = 0; i <= 60; i += 2) {
                int k = i / 2;
                seen.put(i, ContinuityFiguresTest.seeTake(cache, engine, t, i, () -> frames.get(k)));
            }
            if (t[0] == 2 && t[1] == 1 && t[2] == 0.5) {
                for (int i = 0; i <= 60; i += 2) {
                    wholeFrames.put(i, frames.get(i / 2));
                    CLIP_SEEN.put(i, seen.get(i));
                }
                wholeSeen.putAll(seen);
            }
            String source = String.format("clip ×%.1f crop %.2f@%.1f", t[0], t[1], t[2]);
            for (ChallengeAction a : ChallengeAction.values()) {
                for (ChallengeAction b : ChallengeAction.values()) {
                    if (a == b) {
                        continue;
                    }
                    List<ChallengeAction> actions = List.of(a, b);
                    List<List<ContinuityFiguresTest.Seen>> moves = List.of(present(segments.get(a), seen),
                            present(segments.get(b), seen));
                    for (long[] timing : new long[][] {{800, 2300, 300}, {1600, 3100, 500}, {2500, 4000, 800}}) {
                        LivenessCheck.Verdict v = judge(List.of(seen.get(0)), moves, actions,
                                cues(actions, timing[0], timing[1]), timing[2]);
                        genuine.add(source, v);
                        figures(v, genuineFigures);
                    }
                    LivenessCheck.Verdict v = judge(List.of(seen.get(0)), moves, actions, cues(actions, 1600, 3100), 500,
                            new Random(31L * a.ordinal() + b.ordinal() + Double.hashCode(t[0] + t[2])));
                    genuine.add(source + " slow phone", v);
                    figures(v, genuineFigures);
                }
            }
        }
        lfwAttacks(engine, TUNING, attacks, clip, wholeFrames.get(0), composites);
        clipAttacks(engine, clip, wholeFrames, wholeSeen, attacks);
        genuine.print("Genuine answers (head-turn clip):");
        System.out.println("Largest figure per check over the genuine answers (share of allowance, or as documented): "
                + genuineFigures);
        attacks.print("Attacks (LFW people used for tuning, and the clip):");
        lfwAttacks(engine, HELD_OUT, unseen, clip, wholeFrames.get(0), composites);
        unseen.print("Attacks on LFW people never used for tuning (thresholds frozen before):");
        int genuineTried = genuine.counts.values().stream().mapToInt(c -> c[0]).sum();
        int genuineRefused = genuine.counts.values().stream().mapToInt(c -> c[0] - c[1]).sum();
        System.out.printf("Genuine refused: %d of %d (%.1f%%)%n", genuineRefused, genuineTried, 100.0 * genuineRefused / genuineTried);
        return new Tallies(genuine, attacks, unseen);
    }

    /** The segment's frames that show a face (a slow phone or the detector may lose a few at extreme poses). */
    private static List<ContinuityFiguresTest.Seen> present(int[] segment, Map<Integer, ContinuityFiguresTest.Seen> seen) {
        return java.util.Arrays.stream(segment).mapToObj(seen::get).toList();
    }

    /** Keeps per check the largest measured figure of a verdict's findings. */
    private static void figures(LivenessCheck.Verdict v, Map<String, Double> largest) {
        for (Finding f : v.findings()) {
            if (!Double.isNaN(f.measured()) && !f.check().equals("MirroredFaceCheck")) {
                largest.merge(f.check(), f.measured(), Math::max);
            } else if (f.check().equals("MirroredFaceCheck") && !Double.isNaN(f.measured())) {
                largest.merge("MirroredFaceCheck (smallest residual)", f.measured(), Math::min);
            }
        }
    }

    /**
     * The attacks built from LFW photos of each person: photo sets in poses, mirrored sets, bursts, composites, and
     * the person's frontal photos shown in front of the clip's scene with another person's genuine turns mixed in.
     */
    private static void lfwAttacks(FaceEngine engine, String[] people, Tally attacks, List<BufferedImage> clip,
                                   BufferedImage room, boolean composites) {
        Map<ChallengeAction, int[]> segments = LivenessAttackTest.SEGMENTS;
        for (String person : people) {
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
            for (boolean matched : composites ? new boolean[] {false, true} : new boolean[0]) {
                List<ContinuityFiguresTest.Seen> cl = composite(engine, anchor, goLeft, matched);
                List<ContinuityFiguresTest.Seen> cr = composite(engine, anchor, goRight, matched);
                if (cl != null && cr != null) {
                    LivenessCheck.Verdict v = judge(composite(engine, anchor, frontal, matched), List.of(cl, cr), LEFT_RIGHT,
                            cues(LEFT_RIGHT, 1200, 2800), 300);
                    attacks.add(matched ? "injected: composited, colour-matched" : "injected: composited onto one background", v);
                    if (v.live()) {
                        System.out.println("Accepted composite (" + person + (matched ? ", colour-matched" : "") + "): "
                                + v.findings());
                    }
                }
            }
            // 5. Set + genuine frames: the owner's frontal photos, printed to the frame's height, held up in front of
            // the camera in a real room (the clip's first frame), and for the turns the live head of the person
            // holding them (the clip's genuine turn frames in that room).
            List<ContinuityFiguresTest.Seen> held = frontal.stream().map(f -> ContinuityFiguresTest.see(engine, heldUp(room, f.image())))
                    .filter(h -> h.face() != null).toList();
            if (!held.isEmpty()) {
                List<ContinuityFiguresTest.Seen> turnL = new ArrayList<>(frames(engine, clip, segments.get(ChallengeAction.TURN_LEFT)));
                List<ContinuityFiguresTest.Seen> turnR = new ArrayList<>(frames(engine, clip, segments.get(ChallengeAction.TURN_RIGHT)));
                turnL.add(held.get(0));
                turnR.add(held.get(held.size() - 1));
                attacks.add("presented: owner's photos + another person's genuine frames", judge(held,
                        List.of(turnL, turnR), LEFT_RIGHT, cues(LEFT_RIGHT, 1200, 2800), 300));
            }
        }
    }

    /**
     * The clip's frames (×2, whole) at these indices, analysed (cached per index; the even ones are the genuine
     * loop's first take: {@code crop} of a frame is what {@code clipTake} gives for it).
     */
    private static List<ContinuityFiguresTest.Seen> frames(FaceEngine engine, List<BufferedImage> clip, int[] indices) {
        return java.util.Arrays.stream(indices).mapToObj(i -> CLIP_SEEN.computeIfAbsent(i,
                k -> ContinuityFiguresTest.see(engine, ContinuityFiguresTest.crop(clip.get(k), 2, 1, 0.5)))).toList();
    }

    private static final Map<Integer, ContinuityFiguresTest.Seen> CLIP_SEEN = new HashMap<>();

    /** A photo scaled to the room's height and held up in its middle (the room around it stays in view). */
    private static BufferedImage heldUp(BufferedImage room, BufferedImage photo) {
        BufferedImage out = new BufferedImage(room.getWidth(), room.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(room, 0, 0, null);
        int h = room.getHeight();
        int w = photo.getWidth() * h / photo.getHeight();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(photo, (room.getWidth() - w) / 2, 0, w, h, null);
        g.dispose();
        return out;
    }

    /**
     * Attacks built from the head-turn clip alone (its person is the owner): genuine frames mirrored (presented, and
     * injected with the background mirrored back), stills of the video in two poses with genuine still frames
     * mixed in, and the video's stills printed and held at two distances.
     */
    private static void clipAttacks(FaceEngine engine, List<BufferedImage> clip, Map<Integer, BufferedImage> frames,
                                    Map<Integer, ContinuityFiguresTest.Seen> seen, Tally attacks) {
        Map<ChallengeAction, int[]> segments = LivenessAttackTest.SEGMENTS;
        ContinuityFiguresTest.Seen start = seen.get(0);
        List<ContinuityFiguresTest.Seen> turnLeft = java.util.Arrays.stream(segments.get(ChallengeAction.TURN_LEFT))
                .mapToObj(seen::get).toList();
        for (int variant = 0; variant < 3; variant++) {
            List<ContinuityFiguresTest.Seen> mirroredLeft = new ArrayList<>();
            for (int i : segments.get(ChallengeAction.TURN_LEFT)) {
                BufferedImage m = variant == 2 ? mirrorAbout(frames.get(i), start.face().detection().box().centreX())
                        : mirror(frames.get(i));
                if (variant >= 1) {
                    m = restoreBackground(frames.get(0), m, variant == 2 ? start.face().detection().box()
                            : mirrored(start.face().detection().box(), m.getWidth()));
                }
                mirroredLeft.add(ContinuityFiguresTest.see(engine, m));
            }
            if (mirroredLeft.stream().allMatch(s -> s.face() != null)) {
                LivenessCheck.Verdict v = judge(List.of(start), List.of(turnLeft, mirroredLeft), LEFT_RIGHT,
                        cues(LEFT_RIGHT, 1200, 2800), 300);
                attacks.add(switch (variant) {
                    case 0 -> "presented: genuine frames mirrored (video of the owner flipped)";
                    case 1 -> "injected: genuine frames mirrored, background mirrored back";
                    default -> "injected: genuine frames mirrored about the face, background mirrored back";
                }, v);
                System.out.println("Mirrored variant " + variant + ": " + v.findings().stream()
                        .filter(f -> f.check().equals("MirroredFaceCheck")).toList());
            }
        }
        // Stills of the owner's video: genuine frontal frames (1, 2, 3, 0) while waiting, then per turn two stills of
        // the turned pose (frames 7 and 13, ~42° left; 23 and 22, ~44° right: within the 45° one step may change)
        // and a frontal still (0, 28) to come back: the turns jump in and out of the turned pose.
        List<ContinuityFiguresTest.Seen> still = frames(engine, clip, new int[] {1, 2, 3, 0});
        attacks.add("presented: owner's video stills in two poses + genuine frames", judge(still,
                List.of(frames(engine, clip, new int[] {7, 13, 0}), frames(engine, clip, new int[] {23, 22, 28})), LEFT_RIGHT,
                cues(LEFT_RIGHT, 1200, 2800), 300));
        // The video's stills (every second frame, as the genuine answer) printed and held up in front of the same
        // room, every other one held closer: its face 1.8× as wide.
        List<ContinuityFiguresTest.Seen> heldStill = new ArrayList<>();
        Map<Integer, ContinuityFiguresTest.Seen> held = new HashMap<>();
        int n = 0;
        for (int i = 0; i <= 32; i += 2) {
            held.put(i, n++ % 2 == 0 ? seen.get(i) : ContinuityFiguresTest.see(engine, closer(frames.get(0), frames.get(i),
                    start.face().detection().box(), 1.8)));
        }
        heldStill.add(held.get(0));
        attacks.add("presented: owner's video stills, printed, held at two distances", judge(heldStill,
                List.of(present(segments.get(ChallengeAction.TURN_LEFT), held), present(segments.get(ChallengeAction.TURN_RIGHT), held)),
                LEFT_RIGHT, cues(LEFT_RIGHT, 1200, 2800), 300));
    }

    /**
     * A print of {@code still} held closer to the camera in front of {@code room}: the still's person region (the
     * face box widened 60% to the sides, from 60% of its height above it to the bottom) scaled by {@code factor}
     * about the face centre.
     */
    private static BufferedImage closer(BufferedImage room, BufferedImage still, Box face, double factor) {
        BufferedImage out = new BufferedImage(room.getWidth(), room.getHeight(), BufferedImage.TYPE_INT_RGB);
        double cx = face.centreX();
        double cy = face.centreY();
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                double sx = cx + (x - cx) / factor;
                double sy = cy + (y - cy) / factor;
                boolean print = sx > face.x() - 0.6 * face.width() && sx < face.x() + 1.6 * face.width()
                        && sy > face.y() - 0.6 * face.height() && sy < still.getHeight();
                out.setRGB(x, y, print ? still.getRGB((int) sx, (int) sy) : room.getRGB(x, y));
            }
        }
        return out;
    }

    private static double nan0(double v) {
        return Double.isNaN(v) ? 1e9 : v;
    }

    /** Pastes each photo's head region (face box widened 40%) onto the anchor photo at the same place. */
    private static List<ContinuityFiguresTest.Seen> composite(FaceEngine engine, ContinuityFiguresTest.Seen anchor,
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

    /** The box flipped left to right in an image of this width. */
    private static Box mirrored(Box face, int width) {
        return new Box(width - face.x() - face.width(), face.y(), face.width(), face.height());
    }

    /** The image flipped left to right about the vertical line x = {@code axis} (pixels outside taken as they are). */
    static BufferedImage mirrorAbout(BufferedImage image, double axis) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int from = (int) Math.round(2 * axis - x);
                out.setRGB(x, y, image.getRGB(from >= 0 && from < image.getWidth() ? from : x, y));
            }
        }
        return out;
    }

    /** The frame with everything outside the person region around {@code face} taken from the original scene. */
    private static BufferedImage restoreBackground(BufferedImage scene, BufferedImage mirrored, Box face) {
        BufferedImage out = new BufferedImage(mirrored.getWidth(), mirrored.getHeight(), BufferedImage.TYPE_INT_RGB);
        double x0 = face.x();
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                boolean head = x > x0 - 0.6 * face.width() && x < x0 + 1.6 * face.width() && y > face.y() - 0.6 * face.height();
                out.setRGB(x, y, head ? mirrored.getRGB(x, y) : scene.getRGB(x, y));
            }
        }
        return out;
    }
}
