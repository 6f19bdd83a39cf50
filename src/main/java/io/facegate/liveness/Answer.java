package io.facegate.liveness;

import java.util.ArrayList;
import java.util.List;

import io.facegate.face.Face;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.HeadPoseEstimator;

/**
 * One challenge answer as the checks see it: the frames that showed one usable face (with their positions in the
 * upload, their head poses and capture times) and the challenge's actions.
 *
 * @param frameCount  frames uploaded (with or without a face)
 * @param faces       the faces found, in capture order
 * @param frameIndex  per face, its position among the uploaded frames (0-based)
 * @param timesMs     per face, its capture time in ms since the challenge was issued
 * @param poses       per face, its head pose
 * @param actions     the challenge's actions, in order
 * @param cues        when each action was shown, ms since the challenge was issued (empty for answers judged
 *                    without a schedule, e.g. offline evaluations: the cue timing check then does not apply)
 * @param scenes      per face, its frame's {@link SceneSample} (empty when judged from faces alone: the scene
 *                    checks then do not apply; the login flow always gives them)
 */
public record Answer(int frameCount, List<Face> faces, int[] frameIndex, long[] timesMs, List<HeadPose> poses,
                     List<ChallengeAction> actions, List<Cue> cues, List<SceneSample> scenes) {

    /** Copies the lists. */
    public Answer {
        faces = List.copyOf(faces);
        poses = List.copyOf(poses);
        actions = List.copyOf(actions);
        cues = List.copyOf(cues);
        scenes = List.copyOf(scenes);
        if (!scenes.isEmpty() && scenes.size() != faces.size()) {
            throw new IllegalArgumentException(scenes.size() + " scene samples for " + faces.size() + " faces");
        }
        frameIndex = frameIndex.clone();
        timesMs = timesMs.clone();
    }

    /**
     * @param frames  per uploaded frame in order, its one face, or null when it showed none usable
     * @param times   per uploaded frame, its capture time in ms since the challenge was issued (same length)
     * @param actions the challenge's actions
     * @param cues    the challenge's cues (empty when judged without a schedule)
     * @return the answer, poses estimated from the landmarks
     * @throws IllegalArgumentException when the lengths differ
     */
    public static Answer of(List<Face> frames, long[] times, List<ChallengeAction> actions, List<Cue> cues) {
        return of(frames, java.util.Collections.nCopies(frames.size(), null), times, actions, cues);
    }

    /**
     * @param frames  per uploaded frame in order, its one face, or null when it showed none usable
     * @param samples per uploaded frame, its scene sample (null where the frame had no face, or everywhere when
     *                judged from faces alone)
     * @param times   per uploaded frame, its capture time in ms since the challenge was issued (same length)
     * @param actions the challenge's actions
     * @param cues    the challenge's cues (empty when judged without a schedule)
     * @return the answer, poses estimated from the landmarks; a misdetected frame ({@link MisdetectedFrames})
     *         counts as one without a usable face
     * @throws IllegalArgumentException when the lengths differ
     */
    public static Answer of(List<Face> frames, List<SceneSample> samples, long[] times, List<ChallengeAction> actions,
                            List<Cue> cues) {
        if (times.length != frames.size()) {
            throw new IllegalArgumentException(times.length + " times for " + frames.size() + " frames");
        }
        frames = MisdetectedFrames.without(frames);
        List<Face> faces = new ArrayList<>();
        List<HeadPose> poses = new ArrayList<>();
        List<SceneSample> scenes = new ArrayList<>();
        int[] index = new int[frames.size()];
        long[] t = new long[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            Face f = frames.get(i);
            if (f != null) {
                index[faces.size()] = i;
                t[faces.size()] = times[i];
                faces.add(f);
                poses.add(HeadPoseEstimator.estimate(f.landmarks()));
                if (samples.get(i) != null) {
                    scenes.add(samples.get(i));
                }
            }
        }
        return new Answer(frames.size(), faces, java.util.Arrays.copyOf(index, faces.size()),
                java.util.Arrays.copyOf(t, faces.size()), poses, actions, cues,
                scenes.size() == faces.size() ? scenes : List.of());
    }

    /** @return the first face's pose: the start of the challenge */
    public HeadPose start() {
        return poses.get(0);
    }
}
