package io.facegate.liveness;

/**
 * {@code face_jump}: the face box of each face frame overlaps the previous one by an IoU of at least
 * {@value #MIN_BOX_IOU} (a head filmed in one take moves little between frames). Measured: the smallest IoU.
 */
public final class FaceBoxContinuityCheck implements AnswerCheck {

    /** Smallest face-box IoU between consecutive face frames (0.25; the head-turn clip's smallest is above 0.6). */
    static final double MIN_BOX_IOU = 0.25;

    @Override
    public Finding check(Answer answer) {
        double smallest = 1;
        for (int i = 1; i < answer.faces().size(); i++) {
            double iou = answer.faces().get(i).detection().box().iou(answer.faces().get(i - 1).detection().box());
            smallest = Math.min(smallest, iou);
            if (iou < MIN_BOX_IOU) {
                return Finding.refuse(getClass().getSimpleName(), "face_jump",
                        "Your face jumped between pictures: stay in front of the camera and move your head slowly.", iou);
            }
        }
        return Finding.pass(getClass().getSimpleName(), smallest);
    }
}
