package io.facegate.liveness;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.LandmarkMotion;

/**
 * Remembers the landmarks of each account's recent successful challenge answers, so that the same frames sent
 * again with a new nonce (as they were, re-encoded, noised, cropped, zoomed or stretched) are refused. A camera
 * never sees one head in the very same turned pose twice: a frame away from the start pose
 * (≥ {@value #MOVED_DEGREES}° of yaw or pitch) whose landmarks an affine map (a similarity plus a stretch or a
 * shear, which covers a crop, a zoom and a copy stretched in one direction) maps onto a remembered one within
 * the duplicate residual counts as replayed, and so does one that such a map takes onto a remembered frame's mirror
 * image (the recording flipped left to right); {@value #MIN_REPLAYED} such frames refuse the answer, or every
 * moved frame when the answer has fewer (an answer with one or two turned frames passes the liveness check, and
 * must not be replayable for ever because it cannot reach three).
 *
 * <p>Where the answers are kept is the {@link ReplayStore}: in the application the database
 * ({@link JdbcReplayStore}, shared by every instance), else this instance's memory ({@link MemoryReplayStore}).
 * {@value #SEQUENCES_PER_USER} answers per account for 24 h.
 */
public final class ReplayGuard {

    static final double MOVED_DEGREES = 10;
    static final int MIN_REPLAYED = 3;
    /** Answers remembered per account (5). */
    public static final int SEQUENCES_PER_USER = 5;
    /** How long an answer is remembered (24 h). */
    public static final Duration KEEP = Duration.ofHours(24);

    private final Clock clock;
    private final double duplicateResidual;
    private final ReplayStore store;

    /**
     * In this instance's memory.
     *
     * @param clock             time source
     * @param duplicateResidual residual (eye distances) below which two frames are one picture
     */
    public ReplayGuard(Clock clock, double duplicateResidual) {
        this(clock, duplicateResidual, new MemoryReplayStore());
    }

    /**
     * @param clock             time source
     * @param duplicateResidual residual (eye distances) below which two frames are one picture
     * @param store             where answers are remembered
     */
    public ReplayGuard(Clock clock, double duplicateResidual, ReplayStore store) {
        this.clock = clock;
        this.duplicateResidual = duplicateResidual;
        this.store = store;
    }

    /**
     * Checks the answer against the account's remembered ones and, when it is not a replay, remembers it, in one
     * step, so that one answer sent in two sessions (or to two instances) at once cannot log in twice.
     *
     * @param userId  the matched account
     * @param verdict a passed liveness verdict
     * @return whether the answer repeats a remembered one (it is then not remembered again)
     */
    public boolean replayedOrRemembered(long userId, LivenessCheck.Verdict verdict) {
        List<FaceLandmarks> moved = moved(verdict);
        return store.replayedOrRemembered(userId, clock.instant(), moved, recent -> isReplay(recent, moved));
    }

    /**
     * @return the answers forgotten because they are older than {@link #KEEP} (the cleanup calls it)
     */
    public int deleteExpired() {
        return store.deleteExpired(clock.instant());
    }

    private boolean isReplay(List<List<FaceLandmarks>> recent, List<FaceLandmarks> moved) {
        int needed = Math.min(MIN_REPLAYED, moved.size());
        // Each remembered frame and its mirror image (its points swapped left for right, MirroredFaceCheck#flip):
        // a recording flipped left to right is the same recording, its turns to the left answering cues to the right.
        List<FaceLandmarks> remembered = new ArrayList<>();
        for (List<FaceLandmarks> answer : recent) {
            for (FaceLandmarks old : answer) {
                remembered.add(old);
                remembered.add(MirroredFaceCheck.flip(old));
            }
        }
        int replayed = 0;
        for (FaceLandmarks frame : moved) {
            boolean match = remembered.stream().anyMatch(old -> samePicture(old, frame));
            if (match && ++replayed >= needed) {
                return true;
            }
        }
        return false;
    }

    /**
     * One picture: an affine map explains the difference between the frame and the remembered frame or its mirror
     * image (what {@link #isReplay} compares).
     *
     * @param old   a remembered frame's landmarks
     * @param frame a moved frame's landmarks
     * @return whether {@code frame} is {@code old}, or {@code old} flipped left to right, under an affine map
     */
    boolean same(FaceLandmarks old, FaceLandmarks frame) {
        return samePicture(old, frame) || samePicture(MirroredFaceCheck.flip(old), frame);
    }

    private boolean samePicture(FaceLandmarks old, FaceLandmarks frame) {
        return LandmarkMotion.similarityResidual(old, frame) < duplicateResidual
                || affineResidual(old, frame) < duplicateResidual;
    }

    /**
     * @param from landmarks
     * @param to   other landmarks
     * @return RMS distance, in eye distances of {@code to}, between {@code to} and the least-squares affine map of
     *         {@code from} onto it
     */
    static double affineResidual(FaceLandmarks from, FaceLandmarks to) {
        int n = FaceLandmarks.COUNT;
        double ax = 0, ay = 0, bx = 0, by = 0;
        for (int i = 0; i < n; i++) {
            ax += from.get(i).x();
            ay += from.get(i).y();
            bx += to.get(i).x();
            by += to.get(i).y();
        }
        ax /= n;
        ay /= n;
        bx /= n;
        by /= n;
        double sxx = 0, sxy = 0, syy = 0, uxx = 0, uxy = 0, uyx = 0, uyy = 0;
        for (int i = 0; i < n; i++) {
            double px = from.get(i).x() - ax;
            double py = from.get(i).y() - ay;
            double qx = to.get(i).x() - bx;
            double qy = to.get(i).y() - by;
            sxx += px * px;
            sxy += px * py;
            syy += py * py;
            uxx += qx * px;
            uxy += qx * py;
            uyx += qy * px;
            uyy += qy * py;
        }
        double det = sxx * syy - sxy * sxy;
        if (Math.abs(det) < 1e-9) {
            return Double.POSITIVE_INFINITY;
        }
        // M = U · S⁻¹ with S = [[sxx, sxy], [sxy, syy]], U = [[uxx, uxy], [uyx, uyy]].
        double i00 = syy / det, i01 = -sxy / det, i11 = sxx / det;
        double m00 = uxx * i00 + uxy * i01, m01 = uxx * i01 + uxy * i11;
        double m10 = uyx * i00 + uyy * i01, m11 = uyx * i01 + uyy * i11;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double px = from.get(i).x() - ax;
            double py = from.get(i).y() - ay;
            double dx = m00 * px + m01 * py - (to.get(i).x() - bx);
            double dy = m10 * px + m11 * py - (to.get(i).y() - by);
            sum += dx * dx + dy * dy;
        }
        return Math.sqrt(sum / n) / LandmarkMotion.eyeDistance(to);
    }

    private static List<FaceLandmarks> moved(LivenessCheck.Verdict verdict) {
        HeadPose start = verdict.poses().get(0);
        List<FaceLandmarks> out = new ArrayList<>();
        for (int i = 0; i < verdict.poses().size(); i++) {
            HeadPose p = verdict.poses().get(i);
            if (Math.abs(p.yaw() - start.yaw()) >= MOVED_DEGREES || Math.abs(p.pitch() - start.pitch()) >= MOVED_DEGREES) {
                out.add(verdict.landmarks().get(i));
            }
        }
        return out;
    }
}
