package io.facegate.config;

import io.facegate.liveness.LivenessMode;

import java.util.Locale;

/**
 * How logins work: whether the liveness challenge is on (it sets the face throttling numbers) and whether face
 * login replaces the password or follows it.
 *
 * @param liveness {@code facegate.liveness} ({@code LIVENESS}): {@code active} (default) or {@code off}
 * @param faceMode {@code facegate.face.mode}: {@code alternative} (default) or {@code second-factor}
 */
public record LoginSettings(LivenessMode liveness, FaceMode faceMode) {

    /** The role of face login. */
    public enum FaceMode {
        /** Face login alone logs in, as the password does (the original app). */
        ALTERNATIVE,
        /** Face login only completes a password login of the same session. */
        SECOND_FACTOR
    }

    /**
     * @param liveness {@code active} or {@code off} (case ignored)
     * @param faceMode {@code alternative} or {@code second-factor} (case ignored)
     * @return the settings
     * @throws IllegalArgumentException naming the setting and its allowed values
     */
    public static LoginSettings parse(String liveness, String faceMode) {
        LivenessMode l = LivenessMode.parse(liveness);
        FaceMode m = switch (norm(faceMode)) {
            case "alternative" -> FaceMode.ALTERNATIVE;
            case "second-factor" -> FaceMode.SECOND_FACTOR;
            default -> throw new InvalidSettingException("FACE_MODE is '" + faceMode
                    + "'; use alternative or second-factor.");
        };
        return new LoginSettings(l, m);
    }

    private static String norm(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return whether face login follows a password login */
    public boolean secondFactor() {
        return faceMode == FaceMode.SECOND_FACTOR;
    }
}
