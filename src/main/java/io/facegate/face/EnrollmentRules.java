package io.facegate.face;

import java.util.Optional;

import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.HeadPoseEstimator;

/**
 * The stricter rules a Face ID setup frame must pass on top of {@link FrameAnalyzer}'s (one face, light, login
 * size): several frames, a big, roughly frontal and sharp face. A template is what every later login is
 * compared with, so it is taken only from good pictures.
 *
 * <p>Where the numbers come from (measured with the server's engine, TinyFaceDetector 416): the demo-photo frames
 * of the tests ({@code FaceSamples}, 640×480, faces 250 px wide) and the shared head-turn clip enlarged ×2 (faces
 * 180–240 px), and blurred, shrunk, turned copies of them.
 *
 * @param frames       fewest frames per setup (3): one template per frame, so a login compares with three
 *                     pictures of the face instead of one
 * @param minFaceWidth smallest face-box width, px (120): the recognition net reads a 150 px crop of about the
 *                     box's size, so from 120 px on the template is built from at most a 1.25× upscale (login
 *                     accepts 80 px, about 2×); the test frames halved (127 px) pass, a third (83 px) does not
 * @param maxYaw       largest |yaw|, degrees (30): {@link HeadPoseEstimator} is accurate to about ±10°; frontal
 *                     frames measured −26…+3 (demo photos) and −14…+4 (clip), turned frames of the clip 40–55
 * @param maxPitch     largest |pitch|, degrees (20): frontal frames −10…+10; the clip looking up 22–41,
 *                     down −16…−23 (its overlay prints −19 for the −16 frame, so a slight look down passes)
 * @param maxRoll      largest |roll|, degrees (15): roll is the eye line's angle, the estimator's most exact
 *                     figure (±2°); frontal frames −7…+7; the recognition crop is not de-rotated, and at 32° of
 *                     roll the clip's descriptor moved 0.67 from its frontal one (above the 0.6 threshold)
 * @param minSharpness smallest {@link FaceSharpness} (variance of the Laplacian of the face at 128 px less its
 *                     noise term, luma²) (20): sharp faces measured 28 (a soft demo photo), 109, 276 and 47–57
 *                     (clip), 39–315 halved, also with noise σ 3–10 per channel; Gaussian blur σ = 2 px of the
 *                     same frames 2–27, σ = 3 px ≤ 9; a 9 px motion blur 11–15 on the clip (26–58 on the two
 *                     most contrasted photos, which it leaves usable); blurred plus noise σ 2–4, 0–17
 *                     ({@code FaceSharpnessFigures})
 */
public record EnrollmentRules(int frames, int minFaceWidth, double maxYaw, double maxPitch, double maxRoll,
                              double minSharpness) {

    /** 3 frames, 120 px, |yaw| ≤ 30°, |pitch| ≤ 20°, |roll| ≤ 15°, sharpness ≥ 20. */
    public static final EnrollmentRules DEFAULT = new EnrollmentRules(3, 120, 30, 20, 15, 20);

    /**
     * @throws IllegalArgumentException with a sentence if a value is out of range
     */
    public EnrollmentRules {
        if (frames < 1) {
            throw new IllegalArgumentException("Face ID setup needs at least 1 frame, got " + frames + ".");
        }
        if (minFaceWidth < 1 || !(maxYaw > 0) || !(maxPitch > 0) || !(maxRoll > 0) || !(minSharpness >= 0)) {
            throw new IllegalArgumentException("Enrollment limits must be positive: face width " + minFaceWidth
                    + " px, yaw " + maxYaw + "°, pitch " + maxPitch + "°, roll " + maxRoll + "°, sharpness "
                    + minSharpness + ".");
        }
    }

    /**
     * @param frames a new number of frames
     * @param minFaceWidth a new smallest face width, px
     * @return these rules with those two values
     */
    public EnrollmentRules with(int frames, int minFaceWidth) {
        return new EnrollmentRules(frames, minFaceWidth, maxYaw, maxPitch, maxRoll, minSharpness);
    }

    /**
     * Checks one frame that {@link FrameAnalyzer} accepted, in this order: size, pose, sharpness.
     *
     * @param frame the frame and its one face
     * @return empty when the frame may be enrolled, else a refusal: {@code face_too_small}, {@code not_frontal}
     *         or {@code blurred}, with a sentence saying what to do
     */
    public Optional<FrameAnalyzer.Rejected> check(FrameAnalyzer.Accepted frame) {
        Box box = frame.face().detection().box();
        if (box.width() < minFaceWidth) {
            return Optional.of(new FrameAnalyzer.Rejected("face_too_small",
                    "Your face is too small in the picture: come closer to the camera."));
        }
        HeadPose pose = HeadPoseEstimator.estimate(frame.face().landmarks());
        if (Math.abs(pose.yaw()) > maxYaw || Math.abs(pose.pitch()) > maxPitch) {
            return Optional.of(new FrameAnalyzer.Rejected("not_frontal",
                    "Your face is turned away: turn towards the camera and look straight into it."));
        }
        if (Math.abs(pose.roll()) > maxRoll) {
            return Optional.of(new FrameAnalyzer.Rejected("not_frontal",
                    "Your head is tilted: hold it straight and turn towards the camera."));
        }
        if (FaceSharpness.of(frame.image(), box) < minSharpness) {
            return Optional.of(new FrameAnalyzer.Rejected("blurred",
                    "Hold still: the picture is blurred (also check that the camera is clean and in focus)."));
        }
        return Optional.empty();
    }
}
