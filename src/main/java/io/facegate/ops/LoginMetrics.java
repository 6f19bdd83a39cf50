package io.facegate.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;

/**
 * Counts password (and "keep me signed in") logins from Spring Security's authentication events:
 * {@code facegate.login.attempts{method="password"|"remember_me", outcome="success"|"failure"}}. Face logins are
 * counted by {@link FaceMetrics} under the same name with {@code method="face"}.
 */
public class LoginMetrics {

    /** Meter name of login attempts. */
    public static final String ATTEMPTS = "facegate.login.attempts";

    private final MeterRegistry meters;

    /** @param meters meter registry */
    public LoginMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * @param meters  registry
     * @param method  {@code password}, {@code remember_me} or {@code face}
     * @param outcome e.g. {@code success}, {@code failure}, {@code match}, {@code no_match}, {@code rejected}
     * @return the counter
     */
    public static Counter attempts(MeterRegistry meters, String method, String outcome) {
        return Counter.builder(ATTEMPTS).description("Login attempts by method and outcome")
                .tag("method", method).tag("outcome", outcome).register(meters);
    }

    /** @param event a successful authentication */
    @EventListener
    public void success(AuthenticationSuccessEvent event) {
        attempts(meters, event.getAuthentication() instanceof RememberMeAuthenticationToken ? "remember_me"
                : "password", "success").increment();
    }

    /** @param event a failed authentication */
    @EventListener
    public void failure(AbstractAuthenticationFailureEvent event) {
        attempts(meters, event.getAuthentication() instanceof RememberMeAuthenticationToken ? "remember_me"
                : "password", "failure").increment();
    }
}
