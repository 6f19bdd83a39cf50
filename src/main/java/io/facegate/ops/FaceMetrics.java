package io.facegate.ops;

import io.facegate.account.FaceEnrollment;
import io.facegate.login.FaceVerification;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps the face flows ({@link FaceVerification}, {@link FaceEnrollment}) so every call is measured, without
 * touching the flows themselves:
 * <ul>
 *   <li>{@code facegate.face.engine} timer (histogram, seconds), tag {@code operation} = {@code identify},
 *       {@code verify} or {@code enroll}: the whole server-side work on the uploaded frames.</li>
 * </ul>
 * Login attempts of every method and outcome are counted where they are audited
 * ({@link io.facegate.audit.LoginAudit#METER}).
 */
public class FaceMetrics implements BeanPostProcessor {

    private final ObjectProvider<MeterRegistry> registry;

    /** @param registry the meter registry (looked up lazily, after the wrapped beans exist) */
    public FaceMetrics(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof FaceVerification verification) {
            return new TimedVerification(verification, this);
        }
        if (bean instanceof FaceEnrollment enrollment) {
            return new TimedEnrollment(enrollment, this);
        }
        return bean;
    }

    private <T> T time(String operation, Supplier<T> work) {
        MeterRegistry meters = registry.getIfAvailable();
        if (meters == null) {
            return work.get();
        }
        return Timer.builder("facegate.face.engine").description("Server-side face work per request")
                .tag("operation", operation).publishPercentileHistogram().register(meters).record(work);
    }


    private record TimedVerification(FaceVerification target, FaceMetrics metrics) implements FaceVerification {
        @Override
        public FaceMatch identify(List<byte[]> frames) {
            return metrics.time("identify", () -> target.identify(frames));
        }

        @Override
        public FaceMatch verify(String username, List<byte[]> frames) {
            return metrics.time("verify", () -> target.verify(username, frames));
        }

        @Override
        public FaceMatch identifyDescriptors(List<float[]> descriptors) {
            return metrics.time("identify", () -> target.identifyDescriptors(descriptors));
        }

        @Override
        public FaceMatch verifyDescriptors(String username, List<float[]> descriptors) {
            return metrics.time("verify", () -> target.verifyDescriptors(username, descriptors));
        }
    }

    private record TimedEnrollment(FaceEnrollment target, FaceMetrics metrics) implements FaceEnrollment {
        @Override
        public EnrollmentResult enroll(long userId, List<byte[]> frames) {
            return metrics.time("enroll", () -> target.enroll(userId, frames));
        }
    }
}
