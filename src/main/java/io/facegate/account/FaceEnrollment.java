package io.facegate.account;

import java.util.List;

/**
 * Server-side Face ID setup: turns camera frames into stored face templates of a user.
 *
 * <p>Implemented on the face engine by {@link EngineFaceEnrollment}. An implementation finds exactly one usable
 * face per frame, checks the frames agree with each other, and stores the result through
 * {@link FaceTemplateStore}. It must be thread-safe.
 */
public interface FaceEnrollment {

    /**
     * @param userId id of the logged-in user being enrolled (exists when called)
     * @param frames {@code facegate.face.enroll-frames}..{@code facegate.face.max-frames} camera frames (fewer are
     *               refused with {@code too_few_frames}), each PNG or JPEG (signature checked by the
     *               caller), at most {@code facegate.face.max-frame-bytes} bytes, in capture order
     * @return {@link EnrollmentResult#enrolled} with the number of templates stored, or
     *         {@link EnrollmentResult#rejected} with a reason code and a sentence for the user
     */
    EnrollmentResult enroll(long userId, List<byte[]> frames);

    /**
     * The outcome of an enrollment.
     *
     * @param enrolled        whether templates were stored
     * @param templatesStored how many (0 when rejected)
     * @param error           reason code when rejected (snake_case, e.g. {@code no_face}, {@code multiple_faces},
     *                        {@code face_too_small}, {@code not_frontal}, {@code blurred}, {@code too_dark},
     *                        {@code frames_disagree}, {@code face_not_unique}, {@code unreadable_image}), null when enrolled
     * @param message         a sentence shown to the user in both cases
     */
    record EnrollmentResult(boolean enrolled, int templatesStored, String error, String message) {

        /**
         * @param templatesStored templates stored, at least 1
         * @param message         sentence for the user
         * @return a success
         */
        public static EnrollmentResult enrolled(int templatesStored, String message) {
            return new EnrollmentResult(true, templatesStored, null, message);
        }

        /**
         * @param error   reason code
         * @param message sentence for the user
         * @return a refusal (answered 422)
         */
        public static EnrollmentResult rejected(String error, String message) {
            return new EnrollmentResult(false, 0, error, message);
        }
    }
}
