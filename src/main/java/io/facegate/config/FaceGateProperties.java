package io.facegate.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * FaceGate's own settings ({@code facegate.*} in {@code application.properties}, mapped there from the
 * environment variables {@code DATABASE_URL}, {@code SECRET_KEY}, {@code TASK_TOKEN}, {@code ACCOUNT_TTL_HOURS},
 * {@code LABELS_DIR}, {@code REGISTRATIONS_PER_ADDRESS}).
 *
 * @param databaseUrl     {@code DATABASE_URL}; empty means {@code ./data/facegate.db}
 * @param secretKey       {@code SECRET_KEY}: the key of the "keep me signed in" cookie; empty means a random key
 *                        per start (a warning is logged, and such cookies do not survive a restart)
 * @param taskToken       {@code TASK_TOKEN}: the operator's secret for {@code POST /tasks/cleanup} and the full
 *                        {@code GET /api/labels}; empty means those are refused
 * @param accountTtlHours {@code ACCOUNT_TTL_HOURS}: accounts older than this many hours are deleted by the
 *                        cleanup; 0 keeps them for ever (default 24, as the original app)
 * @param labelsDir       {@code LABELS_DIR}: where label images are kept, one folder per user id
 * @param registrationsPerAddress {@code REGISTRATIONS_PER_ADDRESS}: registrations from one client address within
 *                        12 h before each further one must wait (30 s, doubling, at most 1 h); 0 = no limit
 *                        (default 20, the password's address threshold)
 * @param cleanup         the in-process cleanup schedule
 * @param password        password hashing settings
 * @param face            limits on uploaded camera frames
 */
@ConfigurationProperties("facegate")
public record FaceGateProperties(
        @DefaultValue("") String databaseUrl,
        @DefaultValue("") String secretKey,
        @DefaultValue("") String taskToken,
        @DefaultValue("24") long accountTtlHours,
        @DefaultValue("./data/labels") Path labelsDir,
        @DefaultValue("20") int registrationsPerAddress,
        @DefaultValue Cleanup cleanup,
        @DefaultValue Password password,
        @DefaultValue Face face) {

    /**
     * Validates the values that have no sensible meaning when negative, and the operator secrets
     * ({@link OperatorSecrets}: set but short or a placeholder stops start-up).
     */
    public FaceGateProperties {
        OperatorSecrets.check("TASK_TOKEN", taskToken);
        OperatorSecrets.check("SECRET_KEY", secretKey);
        if (accountTtlHours < 0) {
            throw new InvalidSettingException("ACCOUNT_TTL_HOURS is " + accountTtlHours
                    + "; give 0 (keep accounts for ever) or a positive number of hours.");
        }
        if (registrationsPerAddress < 0) {
            throw new InvalidSettingException("REGISTRATIONS_PER_ADDRESS is " + registrationsPerAddress
                    + "; give 0 (no limit) or a positive number of registrations (default 20).");
        }
    }

    /**
     * @param enabled  whether the cleanup also runs inside the application on a timer
     * @param interval time between two runs (default 1 hour, as the original's cron job)
     */
    public record Cleanup(@DefaultValue("true") boolean enabled, @DefaultValue("PT1H") Duration interval) {

        /** Checks that the interval is a positive number of milliseconds (a timer cannot run every 0 s or less). */
        public Cleanup {
            if (interval.toMillis() < 1) {
                throw new InvalidSettingException("CLEANUP_INTERVAL is " + interval
                        + "; give a positive duration such as PT1H or 30m (default PT1H).");
            }
        }
    }

    /**
     * @param pbkdf2Iterations PBKDF2-HMAC-SHA256 iterations for new hashes (default 310,000: Spring Security's
     *                         and OWASP's figure); PBKDF2 rather than bcrypt because bcrypt ignores or refuses
     *                         bytes past 72 and passphrases up to 256 characters are allowed
     */
    public record Password(@DefaultValue("310000") int pbkdf2Iterations) {

        /** Fewest iterations accepted: NIST SP 800-132's minimum, 1,000 (the tests use it for speed). */
        public static final int MIN_ITERATIONS = 1_000;
        /** Below this a warning is logged at start: OWASP's 2021 figure for PBKDF2-HMAC-SHA256 is 310,000. */
        public static final int WARN_BELOW = 100_000;

        /** Refuses an iteration count below {@link #MIN_ITERATIONS} (a typo such as 1 would make hashes trivial). */
        public Password {
            if (pbkdf2Iterations < MIN_ITERATIONS) {
                throw new InvalidSettingException("facegate.password.pbkdf2-iterations (FACEGATE_PASSWORD_PBKDF2_ITERATIONS) is "
                        + pbkdf2Iterations
                        + "; give at least " + MIN_ITERATIONS + " (default 310000; below " + WARN_BELOW
                        + " passwords are easy to guess from a stolen database).");
            }
        }
    }

    /**
     * @param maxFrames               most frames accepted in one upload
     * @param maxFrameBytes           largest accepted frame, bytes
     * @param threads                 ONNX Runtime intra-op threads per network run ({@code FACE_THREADS})
     * @param detector                {@code tiny} (default) or {@code ssd}
     * @param inputSize               TinyFaceDetector input side, px (128–608, multiple of 32; face-api.js default 416)
     * @param minScore                minimum detector score (face-api.js default 0.5)
     * @param minFaceWidth            smallest accepted face box, px
     * @param verificationThreshold   the earlier 1:1 setting (a distance to the nearest template, 0.46), no longer
     *                                read: {@code null} unless set, and then start-up stops with a sentence naming
     *                                {@code verification-mean-threshold} ({@link FaceEngineConfig})
     * @param verificationMeanThreshold 1:1 distance to the account's mean template at or below which a face matches
     *                                (0.44: FMR 6.2e-5 per comparison with a user on the LFW protocol's calibration
     *                                half, see {@link io.facegate.face.match.MatchPolicy#DEFAULT}); also the limit of
     *                                every frame of a 1:N login
     * @param identificationThreshold 1:N score (spread-normalised mean template distance, mean over the frames) at or
     *                                below which the first user is accepted in a gallery of up to 10 users; 0.04
     *                                less per tenfold more users (0.31: FPIR ≤ 1e-3 at 10–1000 users on the LFW
     *                                protocol, see {@link io.facegate.face.match.MatchPolicy#DEFAULT}); start-up
     *                                refuses 0.36 or more, which looks like the earlier distance setting 0.41
     * @param identificationMargin    how much farther the second user's fused distance must be, for 1:N (0.08)
     * @param pipeline                {@code server} (default: detector fallback, aligned chip) or {@code faceapi}
     *                                (face-api.js exactly); see {@link io.facegate.face.Pipeline}
     * @param enrollFrames            fewest frames a Face ID setup must send (3; at most {@code maxFrames}); each
     *                                must pass {@link io.facegate.face.EnrollmentRules}
     * @param enrollMinFaceWidth      smallest face box accepted at Face ID setup, px (120; login: {@code minFaceWidth})
     * @param gallerySyncInterval     how often each instance reads the template changes made on other instances
     *                                into its in-memory gallery ({@code GALLERY_SYNC_INTERVAL}, default 2 s)
     */
    public record Face(@DefaultValue("5") int maxFrames, @DefaultValue("2000000") int maxFrameBytes,
                       @DefaultValue("2") int threads, @DefaultValue("tiny") String detector,
                       @DefaultValue("416") int inputSize, @DefaultValue("0.5") double minScore,
                       @DefaultValue("80") int minFaceWidth,
                       Double verificationThreshold,
                       @DefaultValue("0.44") double verificationMeanThreshold,
                       @DefaultValue("0.31") double identificationThreshold,
                       @DefaultValue("0.08") double identificationMargin,
                       @DefaultValue("server") String pipeline,
                       @DefaultValue("3") int enrollFrames,
                       @DefaultValue("120") int enrollMinFaceWidth,
                       @DefaultValue("2s") Duration gallerySyncInterval) {

        /**
         * Checks that a Face ID setup can send its frames in one upload and that the gallery sync interval is a
         * positive number of milliseconds.
         */
        public Face {
            if (maxFrames < 1) {
                throw new InvalidSettingException("facegate.face.max-frames (FACEGATE_FACE_MAX_FRAMES) is " + maxFrames
                        + "; give the most frames one upload may hold, at least facegate.face.enroll-frames ("
                        + enrollFrames + ") (default 5).");
            }
            if (enrollFrames < 1 || enrollFrames > maxFrames) {
                throw new InvalidSettingException("facegate.face.enroll-frames (FACEGATE_FACE_ENROLL_FRAMES) is "
                        + enrollFrames + "; give 1 to facegate.face.max-frames (" + maxFrames + "): a Face ID setup "
                        + "sends them in one upload (default 3).");
            }
            if (gallerySyncInterval.toMillis() < 1) {
                throw new InvalidSettingException("GALLERY_SYNC_INTERVAL is " + gallerySyncInterval
                        + "; give a positive duration such as 2s or 500ms (default 2s).");
            }
        }
    }

    /** @return whether a cleanup token is configured (the cleanup endpoint fails closed without one) */
    public boolean hasTaskToken() {
        return taskToken != null && !taskToken.isBlank();
    }
}
