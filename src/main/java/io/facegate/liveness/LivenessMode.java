package io.facegate.liveness;

import java.util.Locale;

/** Whether face login asks for a liveness challenge ({@code facegate.liveness} / {@code LIVENESS}). */
public enum LivenessMode {
    /** Face login answers a challenge with a sequence of frames (default). */
    ACTIVE,
    /** Single-frame face login without presentation-attack detection (kiosks with their own). */
    OFF;

    /**
     * @param value {@code active} or {@code off}, any case
     * @return the mode
     * @throws IllegalArgumentException for any other value
     */
    public static LivenessMode parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "active", "" -> ACTIVE;
            case "off" -> OFF;
            default -> throw new io.facegate.config.InvalidSettingException("LIVENESS is '" + value + "'; give active or off.");
        };
    }
}
