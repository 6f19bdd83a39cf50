package io.facegate.login;

import java.time.Duration;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.facegate.web.RetryLaterException;

/**
 * Face logins wait until the application is ready: Tomcat answers before the start-up's last steps (a pipeline
 * change recomputes every face template from its label image: 52 s for 600 templates on the development machine,
 * a README-only tester), and a face login meanwhile was matched against a gallery still being rebuilt, refused
 * {@code no_match} and counted against the user's limits. Until readiness is {@code ACCEPTING_TRAFFIC} (what
 * {@code /actuator/health/readiness} says), face logins get 503 {@code starting} with {@code Retry-After}.
 */
@Component
public class StartingGate {

    /** {@code Retry-After} while starting. */
    static final Duration RETRY = Duration.ofSeconds(10);

    private final ApplicationAvailability availability;

    /** @param availability Spring Boot's availability state */
    public StartingGate(ApplicationAvailability availability) {
        this.availability = availability;
    }

    /** @throws RetryLaterException 503 {@code starting} until the application is ready */
    public void requireReady() {
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            throw new RetryLaterException(HttpStatus.SERVICE_UNAVAILABLE, "starting",
                    "The server is still starting (Face ID data is being brought up to date); try again in a moment.",
                    RETRY);
        }
    }
}
