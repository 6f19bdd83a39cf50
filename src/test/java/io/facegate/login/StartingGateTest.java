package io.facegate.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

import io.facegate.web.RetryLaterException;

/**
 * Face logins get 503 {@code starting} until Spring Boot's readiness says the application accepts traffic (with
 * Spring Boot's own availability bean, fed the events the application publishes).
 */
class StartingGateTest {

    @Test
    void refusedUntilReadyThenLetThrough() {
        ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
        StartingGate gate = new StartingGate(availability);
        assertThatThrownBy(gate::requireReady).as("before any readiness event (templates being recomputed)")
                .isInstanceOfSatisfying(RetryLaterException.class, e -> {
                    assertThat(e.code()).isEqualTo("starting");
                    assertThat(e.status().value()).isEqualTo(503);
                    assertThat(e.headers().getFirst("Retry-After")).isEqualTo("10");
                });
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        gate.requireReady();
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.REFUSING_TRAFFIC));
        assertThatThrownBy(gate::requireReady).isInstanceOf(RetryLaterException.class);
    }
}
