package io.facegate.guide;

import io.facegate.face.FrameAnalyzer;
import io.facegate.web.RetryLaterException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpStatus;

/**
 * The camera pages' guide when the browser cannot run face-api.js: the server looks at one camera frame and says
 * whether a capture may start (exactly one face, big and lit enough: {@link FrameAnalyzer}'s checks and the page
 * guide's face width, {@link CameraGuide}). It decides nothing about a login.
 *
 * <p>Cost per request is bounded: one frame (the upload limits of {@code facegate.face.max-frame-bytes} and the
 * decoder's pixel limit), the detector budget of one frame, at most {@value #CONCURRENT} checks at once on the
 * instance (more get 503 {@code busy}), one check per {@value #MIN_GAP_MS} ms per browser session and the
 * per-address pace of {@link AddressPace} (a script taking a new session for every request), more get 429
 * {@code precheck_too_often}.
 */
public class FramePrecheck {

    /** Most pre-checks running at once on this instance: one per core of a small 2-core instance. */
    public static final int CONCURRENT = 2;
    /** Shortest gap between two pre-checks of one session, ms: the page asks every 1.5 s. */
    public static final long MIN_GAP_MS = 1000;
    /** {@code Retry-After} of every refusal here: the page checks a picture again a second later. */
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    /** Why a capture may or may not start. */
    public enum Purpose {
        /** Face login: the login's smallest face. */
        LOGIN,
        /** Face ID setup: the setup's (larger) smallest face. */
        ENROLL
    }

    /**
     * @param ok      whether the capture may start
     * @param error   the reason code when not ({@code no_face}, {@code multiple_faces}, {@code face_too_small},
     *                {@code too_dark}, {@code unreadable_image}), else null
     * @param message a sentence for the user
     */
    public record Answer(boolean ok, String error, String message) {
    }

    private final FrameAnalyzer analyzer;
    private final CameraGuide guide;
    private final Clock clock;
    private final AddressPace pace;
    private final Semaphore running = new Semaphore(CONCURRENT);

    /**
     * @param analyzer the login's per-frame checks
     * @param guide    the page guide's limits
     * @param clock    clock of the per-session gap and the per-address pace
     */
    public FramePrecheck(FrameAnalyzer analyzer, CameraGuide guide, Clock clock) {
        this.analyzer = analyzer;
        this.guide = guide;
        this.clock = clock;
        this.pace = new AddressPace(clock);
    }

    /**
     * @param frame     one frame (PNG/JPEG bytes, already size-checked)
     * @param purpose   login or Face ID setup
     * @param lastCheck ms since the epoch of this session's previous pre-check, or null
     * @param address   the client's address
     * @return the answer
     * @throws RetryLaterException 429 {@code precheck_too_often} (with {@code Retry-After: 1}) within {@link #MIN_GAP_MS}
     *                      of the session's previous one or beyond the address's pace ({@link AddressPace}); 503
     *                      {@code busy} when {@link #CONCURRENT} checks run already
     */
    public Answer check(byte[] frame, Purpose purpose, Long lastCheck, String address) {
        if (lastCheck != null && now() - lastCheck < MIN_GAP_MS) {
            throw new RetryLaterException(HttpStatus.TOO_MANY_REQUESTS, "precheck_too_often",
                    "One picture check a second at most; wait a moment.", ONE_SECOND);
        }
        if (!pace.take(address)) {
            throw new RetryLaterException(HttpStatus.TOO_MANY_REQUESTS, "precheck_too_often",
                    "Too many picture checks from your network; wait a moment.", ONE_SECOND);
        }
        if (!running.tryAcquire()) {
            throw new RetryLaterException(HttpStatus.SERVICE_UNAVAILABLE, "busy",
                    "The server is busy; the picture is checked again in a moment.", ONE_SECOND);
        }
        try {
            FrameAnalyzer.Result result = analyzer.analyze(frame);
            if (result instanceof FrameAnalyzer.Rejected rejected) {
                return new Answer(false, rejected.code(), rejected.message());
            }
            double width = ((FrameAnalyzer.Accepted) result).face().detection().box().width();
            int needed = purpose == Purpose.ENROLL ? guide.enrollMinFaceWidth() : guide.loginMinFaceWidth();
            if (width < needed) {
                return new Answer(false, "face_too_small", "Come closer: your face is too small in the picture.");
            }
            return new Answer(true, null, "Good: one face, big and lit enough.");
        } finally {
            running.release();
        }
    }

    /** @return now, ms since the epoch, by this check's clock */
    public long now() {
        return clock.millis();
    }
}
