package io.facegate.guide;

import io.facegate.config.FaceGateProperties;
import io.facegate.face.FrameAnalyzer;
import io.facegate.web.Clients;
import io.facegate.web.FrameUpload;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import io.facegate.web.ApiException;

/**
 * {@code POST /camera/precheck} (CSRF token required, open to anonymous face-login pages): multipart {@code frame}
 * (one JPEG/PNG) and {@code purpose} ({@code login}, default, or {@code enroll}). Answers 200
 * {@code {"ok": true|false, "error": code|null, "message"}}; 400/413/415 for a bad frame; 400
 * {@code bad_purpose}; 429 {@code precheck_too_often} (per session and per client address) and 503 {@code busy} with {@code Retry-After: 1} (see
 * {@link FramePrecheck}).
 */
@RestController
public class PrecheckController {

    /** Session attribute: ms since the epoch of this session's last pre-check. */
    static final String LAST_CHECK = "facegate.precheck.last";

    private final FramePrecheck precheck;
    private final FrameUpload frames;

    /**
     * @param precheck the one-frame check
     * @param frames   upload checks
     */
    public PrecheckController(FramePrecheck precheck, FrameUpload frames) {
        this.precheck = precheck;
        this.frames = frames;
    }

    /**
     * @param frame   multipart {@code frame}
     * @param purpose {@code login} or {@code enroll}
     * @param request request (its session remembers the time of the last check)
     * @return the answer
     */
    @PostMapping("/camera/precheck")
    public FramePrecheck.Answer precheck(@RequestParam(name = "frame", required = false) MultipartFile frame,
                                         @RequestParam(name = "purpose", defaultValue = "login") String purpose,
                                         HttpServletRequest request) {
        FramePrecheck.Purpose p = switch (purpose.toLowerCase(Locale.ROOT)) {
            case "login" -> FramePrecheck.Purpose.LOGIN;
            case "enroll" -> FramePrecheck.Purpose.ENROLL;
            default -> throw new ApiException(HttpStatus.BAD_REQUEST, "bad_purpose",
                    "purpose must be login or enroll.");
        };
        byte[] bytes = frames.read(frame == null ? null : List.of(frame), 1).get(0);
        HttpSession session = request.getSession(true);
        Long last = session.getAttribute(LAST_CHECK) instanceof Long l ? l : null;
        FramePrecheck.Answer answer = precheck.check(bytes, p, last, Clients.address(request));
        session.setAttribute(LAST_CHECK, precheck.now());
        return answer;
    }

    /** The pre-check's beans. */
    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        CameraGuide cameraGuide(FaceGateProperties properties) {
            return CameraGuide.of(properties);
        }

        @Bean
        FramePrecheck framePrecheck(FrameAnalyzer analyzer, CameraGuide guide, Clock clock) {
            return new FramePrecheck(analyzer, guide, clock);
        }
    }
}
