package io.facegate.liveness;

/**
 * The multipart field {@code frameTimes} of a challenge answer: a JSON array of integers, one per frame, the
 * frame's capture time in milliseconds since the challenge was issued (the page takes them from
 * {@code requestVideoFrameCallback} metadata), strictly increasing.
 */
public final class FrameTimes {

    /** Longest accepted field, characters (40 times of up to 7 digits with separators fit in 400). */
    static final int MAX_LENGTH = 1000;

    private FrameTimes() {
    }

    /** Thrown when the field is missing or malformed; its message is a sentence for the client. */
    public static final class InvalidFrameTimesException extends RuntimeException {
        /** @param message the sentence */
        InvalidFrameTimesException(String message) {
            super(message);
        }
    }

    /**
     * @param json   the field as sent, e.g. {@code [0, 251, 498]}
     * @param frames how many frames the answer carries
     * @return the times, ms
     * @throws InvalidFrameTimesException when it is longer than {@value #MAX_LENGTH} characters, not an array of
     *                                    non-negative integers below 10^7, not one per frame, or not strictly
     *                                    increasing
     */
    public static long[] parse(String json, int frames) {
        String s = json == null ? "" : json.strip();
        if (s.length() > MAX_LENGTH || !s.startsWith("[") || !s.endsWith("]")) {
            throw new InvalidFrameTimesException("frameTimes must be a JSON array of integer milliseconds, one per frame.");
        }
        String body = s.substring(1, s.length() - 1).strip();
        String[] parts = body.isEmpty() ? new String[0] : body.split(",", -1);
        if (parts.length != frames) {
            throw new InvalidFrameTimesException("frameTimes has " + parts.length + " times for " + frames
                    + " frames: send one time per frame.");
        }
        long[] times = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            if (!p.matches("[0-9]{1,7}")) {
                throw new InvalidFrameTimesException("frameTimes[" + i + "] is not a whole number of milliseconds "
                        + "between 0 and 9999999.");
            }
            times[i] = Long.parseLong(p);
            if (i > 0 && times[i] <= times[i - 1]) {
                throw new InvalidFrameTimesException("frameTimes must be strictly increasing (frame " + i + ").");
            }
        }
        return times;
    }
}
