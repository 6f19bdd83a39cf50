package io.facegate.support;

import io.facegate.account.FaceEnrollment;
import io.facegate.account.FaceTemplateStore;
import io.facegate.login.FaceVerification;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Stands in for the face engine (which lives elsewhere) so the controllers' handling of each engine answer can
 * be tested: enrollment stores one template per frame through the real {@link FaceTemplateStore}; verification
 * answers whatever the test scripted.
 */
public final class ScriptedFaceEngine implements FaceEnrollment, FaceVerification {

    private final FaceTemplateStore store;
    private final AtomicReference<Function<String, FaceMatch>> next = new AtomicReference<>(u -> FaceMatch.noMatch(0.9));
    private final AtomicReference<EnrollmentResult> enrollOverride = new AtomicReference<>();
    private final AtomicReference<String> lastUsername = new AtomicReference<>();

    /** @param store where enrolled templates go */
    public ScriptedFaceEngine(FaceTemplateStore store) {
        this.store = store;
    }

    /** @param answer what identify/verify answer next, given the user name (null for identify) */
    public void answer(Function<String, FaceMatch> answer) {
        next.set(answer);
    }

    /** @param result what enroll answers instead of storing, or null to store */
    public void enrollAnswer(EnrollmentResult result) {
        enrollOverride.set(result);
    }

    /** @return the user name of the last verify call, or null after identify */
    public String lastUsername() {
        return lastUsername.get();
    }

    @Override
    public EnrollmentResult enroll(long userId, List<byte[]> frames) {
        EnrollmentResult override = enrollOverride.get();
        if (override != null) {
            return override;
        }
        for (byte[] frame : frames) {
            store.add(userId, new float[128], "scripted-v1", frame);
        }
        return EnrollmentResult.enrolled(frames.size(), "Face ID is set up.");
    }

    @Override
    public FaceMatch identify(List<byte[]> frames) {
        lastUsername.set(null);
        return next.get().apply(null);
    }

    @Override
    public FaceMatch verify(String username, List<byte[]> frames) {
        lastUsername.set(username);
        return next.get().apply(username);
    }
}
