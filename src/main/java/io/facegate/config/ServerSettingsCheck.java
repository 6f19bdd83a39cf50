package io.facegate.config;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Checks the web server's settings before the server is configured, so that a bad value stops start-up with one
 * {@link InvalidSettingException} sentence rather than with Tomcat's "Unable to start web server" stack trace:
 * {@code TRUSTED_PROXIES} (see {@link TrustedProxies}) and {@code SESSION_IDLE_TIMEOUT}, which must be positive.
 * A zero or negative idle timeout is refused because it has no usable meaning here: Spring Session ends a session
 * with a zero timeout at once (nobody could stay signed in) and keeps one with a negative timeout for ever, while
 * Tomcat reads both as "never expires".
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ServerSettingsCheck implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory>, Ordered {

    private final ServerProperties server;
    private final String trustedProxies;

    /**
     * @param server         Spring Boot's {@code server.*} settings ({@code PORT}, {@code SESSION_IDLE_TIMEOUT})
     * @param trustedProxies {@code server.tomcat.remoteip.trusted-proxies} ({@code TRUSTED_PROXIES})
     */
    ServerSettingsCheck(ServerProperties server,
                        @Value("${server.tomcat.remoteip.trusted-proxies:}") String trustedProxies) {
        this.server = server;
        this.trustedProxies = trustedProxies;
    }

    @Override
    public void customize(ConfigurableServletWebServerFactory factory) {
        check(trustedProxies, server.getPort(), server.getServlet().getSession().getTimeout());
    }

    /**
     * @param trustedProxies {@code TRUSTED_PROXIES}
     * @param port           {@code PORT}, or null when unset
     * @param timeout        {@code SESSION_IDLE_TIMEOUT}, or null when unset
     * @throws InvalidSettingException naming the first wrong setting
     */
    static void check(String trustedProxies, Integer port, Duration timeout) {
        TrustedProxies.check(trustedProxies);
        if (port != null && (port < 0 || port > 65535)) {
            throw new InvalidSettingException("PORT is " + port + "; give a TCP port from 1 to 65535 (default 5000;"
                    + " 0 takes any free port).");
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new InvalidSettingException("SESSION_IDLE_TIMEOUT is " + timeout + ", which would end every "
                    + "session at once or never; give a positive duration such as 30m or 2h (default 30m).");
        }
    }

    /** Before Spring Boot's own customizers, which hand the values to Tomcat. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
