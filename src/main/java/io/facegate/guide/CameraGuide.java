package io.facegate.guide;

import io.facegate.account.SetupFaceIdController;
import io.facegate.config.FaceGateProperties;
import io.facegate.face.FrameAnalyzer;
import io.facegate.login.LoginController;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the camera pages' own guide asks of the live picture before it lets a capture start: the server's
 * per-frame limits with a margin, so that a picture the page accepts is not refused by the server for its size or
 * light. The server still decides. Given to the two camera pages as the model attribute {@code cameraGuide}.
 *
 * @param loginMinFaceWidth  smallest face-box width the face login page accepts, px of the camera frame:
 *                           {@code facegate.face.min-face-width} (80) × {@value #MARGIN}
 * @param enrollMinFaceWidth the same at Face ID setup: {@code facegate.face.enroll-min-face-width} (120) ×
 *                           {@value #MARGIN}
 * @param minFaceLuma        darkest mean luma of the face box (BT.601, 0–255) the pages accept: the server's
 *                           {@link FrameAnalyzer.Rules#DEFAULT} face luma (40) + {@value #LUMA_MARGIN}
 */
public record CameraGuide(int loginMinFaceWidth, int enrollMinFaceWidth, int minFaceLuma) {

    /** Factor on the server's smallest face width: a face the page accepts is at least 25 % wider. */
    public static final double MARGIN = 1.25;
    /** Added to the server's darkest face luma, of 255. */
    public static final int LUMA_MARGIN = 5;

    /**
     * @param properties settings
     * @return the guide for these settings
     */
    public static CameraGuide of(FaceGateProperties properties) {
        FaceGateProperties.Face f = properties.face();
        return new CameraGuide((int) Math.ceil(f.minFaceWidth() * MARGIN),
                (int) Math.ceil(f.enrollMinFaceWidth() * MARGIN),
                (int) Math.ceil(FrameAnalyzer.Rules.DEFAULT.minFaceLuma()) + LUMA_MARGIN);
    }

    /** Adds {@code cameraGuide} to the models of the camera pages' controllers. */
    @ControllerAdvice(assignableTypes = {LoginController.class, SetupFaceIdController.class})
    public static class Advice {

        private final CameraGuide guide;

        /** @param guide the guide of these settings */
        public Advice(CameraGuide guide) {
            this.guide = guide;
        }

        /** @return the guide */
        @ModelAttribute("cameraGuide")
        public CameraGuide cameraGuide() {
            return guide;
        }
    }
}
