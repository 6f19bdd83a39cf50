package io.facegate.login;

import java.util.List;

/**
 * Server-side face login: decides from camera frames which account, if any, the face belongs to.
 *
 * <p>Implemented on the face engine by {@link EngineFaceVerification}. Implementations must be thread-safe and
 * should take about as long for an unknown user name as for a known one.
 */
public interface FaceVerification {

    /**
     * 1:N — whose face is this?
     *
     * @param frames 1..{@code facegate.face.max-frames} camera frames, PNG or JPEG (signature checked by the
     *               caller), at most {@code facegate.face.max-frame-bytes} bytes each, in capture order
     * @return {@link FaceMatch#match} with the user id, {@link FaceMatch#noMatch}, or {@link FaceMatch#rejected}
     */
    FaceMatch identify(List<byte[]> frames);

    /**
     * 1:1 — is this the face of {@code username}?
     *
     * @param username the user name typed on the page, as typed (compare ignoring case; may not exist, which
     *                 must give {@link FaceMatch#noMatch}, never a different answer)
     * @param frames   as for {@link #identify}
     * @return as for {@link #identify}; a match names that user's id
     */
    FaceMatch verify(String username, List<byte[]> frames);

    /**
     * 1:N on descriptors already taken from checked frames (the liveness challenge's frontal frames).
     *
     * @param descriptors one or more {@code float[128]}, all of which must name the same account
     * @return {@link FaceMatch#match} or {@link FaceMatch#noMatch}
     */
    FaceMatch identifyDescriptors(List<float[]> descriptors);

    /**
     * 1:1 on descriptors already taken from checked frames.
     *
     * @param username    as for {@link #verify}
     * @param descriptors one or more {@code float[128]}, all of which must match that account
     * @return {@link FaceMatch#match} or {@link FaceMatch#noMatch}
     */
    FaceMatch verifyDescriptors(String username, List<float[]> descriptors);

    /** What the engine decided. */
    enum Outcome {
        /** The face matches {@link FaceMatch#userId()}: the controller logs that user in (200). */
        MATCH,
        /** A usable face, but no account matches (401 {@code no_match}). */
        NO_MATCH,
        /** The frames cannot be judged: no face, several faces, disagreeing frames, suspected replay (422). */
        REJECTED
    }

    /**
     * @param outcome  the decision
     * @param userId   the matched account's id when {@link Outcome#MATCH}, else null
     * @param error    reason code when {@link Outcome#REJECTED} (snake_case, e.g. {@code no_face},
     *                 {@code multiple_faces}, {@code unreadable_image}), else null
     * @param message  a sentence for the user, or null to use the page's default
     * @param distance best descriptor distance seen (for logs and tuning), or null
     * @param frames   the descriptors ({@code float[128]} each) that matched, when {@link Outcome#MATCH}; else
     *                 empty
     */
    record FaceMatch(Outcome outcome, Long userId, String error, String message, Double distance,
                     List<float[]> frames) {

        /**
         * @param userId   matched account
         * @param distance its descriptor distance
         * @return a match
         */
        public static FaceMatch match(long userId, double distance) {
            return new FaceMatch(Outcome.MATCH, userId, null, null, distance, List.of());
        }

        /**
         * @param userId   matched account
         * @param distance its descriptor distance
         * @param frames   the frames' descriptors that matched
         * @return a match
         */
        public static FaceMatch match(long userId, double distance, List<float[]> frames) {
            return new FaceMatch(Outcome.MATCH, userId, null, null, distance, List.copyOf(frames));
        }

        /**
         * @param distance best distance seen, or null
         * @return no account matches
         */
        public static FaceMatch noMatch(Double distance) {
            return new FaceMatch(Outcome.NO_MATCH, null, null, null, distance, List.of());
        }

        /**
         * @param error   reason code
         * @param message sentence for the user
         * @return the frames cannot be judged
         */
        public static FaceMatch rejected(String error, String message) {
            return new FaceMatch(Outcome.REJECTED, null, error, message, null, List.of());
        }
    }
}
