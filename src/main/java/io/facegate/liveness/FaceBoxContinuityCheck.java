package io.facegate.liveness;

import io.facegate.face.Box;

/**
 * {@code face_jump}: the face moves and changes size smoothly, as a head filmed in one take does. Between
 * consecutive face frames:
 * <ul>
 *   <li>the face boxes overlap by an IoU of at least {@value #MIN_BOX_IOU};</li>
 *   <li>the box centre moves by at most {@value #CENTRE_FLOOR} + {@value #CENTRE_PER_SECOND} × Δt face widths
 *       (Δt in s between the two frames, the mean of the two widths as unit);</li>
 *   <li>the box width changes by at most {@value #SIZE_FLOOR} + {@value #SIZE_PER_SECOND} × Δt in
 *       {@code |ln(w₂ / w₁)|}.</li>
 * </ul>
 * The floors absorb the detector's jitter between two close frames, the per-second terms a head moving over a
 * longer gap, so the irregular 100–1000 ms gaps of a slow phone are judged per second, not per frame. A photo set
 * shown in turn cannot keep each face at the same place and size. Measured: the largest of the three figures as a
 * share of its allowance (refused above 1; the IoU as {@code MIN_BOX_IOU / IoU}).
 */
public final class FaceBoxContinuityCheck implements AnswerCheck {

    /** Smallest face-box IoU between consecutive face frames (0.25; the head-turn clip's smallest is above 0.6). */
    static final double MIN_BOX_IOU = 0.25;
    /**
     * Centre shift allowed however close two frames are, face widths (0.35: the shared head-turn clip's detector
     * boxes move by up to 0.18 in one 100–250 ms step, 4 takes at 3 scales, centred and off-centre, sampled every
     * 200/300 ms and at random 100–1000 ms gaps; {@code FaceTrackFiguresTest}). With the per-second terms the
     * clip's genuine steps use at most 0.62 (centre) and 0.51 (size) of their allowance there, and 0.68 over the
     * 480 genuine answers of {@code ContinuityAttackTest}; the blink clip 0.09.
     */
    static final double CENTRE_FLOOR = 0.35;
    /**
     * Centre shift allowed per second beyond the floor, face widths per second (0.6: the clip needs 0.26 beyond the
     * floor over gaps of 100–1000 ms; a head moving sideways by 0.3 face widths in half a second stays inside).
     */
    static final double CENTRE_PER_SECOND = 0.6;
    /** Width change allowed however close two frames are, {@code |ln ratio|} (0.37, ×1.45: the clip's step maximum is 0.25, the box changes shape as the head turns). */
    static final double SIZE_FLOOR = 0.37;
    /** Width change allowed per second beyond the floor, {@code |ln ratio|} per second (0.6: the clip needs 0.13). */
    static final double SIZE_PER_SECOND = 0.6;

    @Override
    public Finding check(Answer answer) {
        double largest = 0;
        for (int i = 1; i < answer.faces().size(); i++) {
            Box a = answer.faces().get(i - 1).detection().box();
            Box b = answer.faces().get(i).detection().box();
            double dt = (answer.timesMs()[i] - answer.timesMs()[i - 1]) / 1000.0;
            double share = Math.max(MIN_BOX_IOU / Math.max(1e-9, b.iou(a)),
                    Math.max(centreShift(a, b) / (CENTRE_FLOOR + CENTRE_PER_SECOND * dt),
                            sizeChange(a, b) / (SIZE_FLOOR + SIZE_PER_SECOND * dt)));
            largest = Math.max(largest, share);
            if (share > 1) {
                return Finding.refuse(getClass().getSimpleName(), "face_jump",
                        "Your face jumped between pictures: stay in front of the camera and move your head slowly.", share);
            }
        }
        return Finding.pass(getClass().getSimpleName(), largest);
    }

    /**
     * @param a a face box
     * @param b the next one
     * @return the distance between their centres in mean face widths
     */
    static double centreShift(Box a, Box b) {
        return Math.hypot(b.centreX() - a.centreX(), b.centreY() - a.centreY())
                / Math.max(1e-9, (a.width() + b.width()) / 2);
    }

    /**
     * @param a a face box
     * @param b the next one
     * @return {@code |ln(b.width / a.width)|}
     */
    static double sizeChange(Box a, Box b) {
        return Math.abs(Math.log(Math.max(1e-9, b.width()) / Math.max(1e-9, a.width())));
    }
}
