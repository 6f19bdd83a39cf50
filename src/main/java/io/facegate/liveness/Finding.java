package io.facegate.liveness;

/**
 * What one liveness check concluded about one answer.
 *
 * @param check    the check's name (its class's simple name)
 * @param code     null when the answer passed this check, else the refusal's reason code
 * @param message  a sentence for the user when refused, else null
 * @param measured the figure the check measured (its unit is documented on the check), {@code NaN} when the check
 *                 stopped before measuring
 */
public record Finding(String check, String code, String message, double measured) {

    /** @return whether the answer passed this check */
    public boolean passed() {
        return code == null;
    }

    /**
     * @param check    the check's name
     * @param measured the figure it measured
     * @return a pass
     */
    public static Finding pass(String check, double measured) {
        return new Finding(check, null, null, measured);
    }

    /**
     * @param check    the check's name
     * @param code     reason code
     * @param message  sentence for the user
     * @param measured the figure that failed
     * @return a refusal
     */
    public static Finding refuse(String check, String code, String message, double measured) {
        return new Finding(check, code, message, measured);
    }
}
