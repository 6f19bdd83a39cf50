package io.facegate.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionFixationProtectionStrategy;
import org.springframework.session.SessionRepository;
import org.springframework.stereotype.Component;

/**
 * Gives a session a new id at every login (no session fixation): form and JSON password login ({@code
 * SecurityConfig} uses {@link #strategy()}), face, passkey and registration ({@link SessionLogin}) and a password
 * change ({@link AccountSessions}).
 *
 * <p>With sessions in the database (Spring Session JDBC, how FaceGate runs) the session is moved: Spring
 * Security's {@code migrateSession} copies the attributes into a new session and deletes the old one. Renaming it
 * ({@code changeSessionId}, Spring Security's default) is not safe there: Spring Session JDBC writes the row's
 * {@code SESSION_ID} back each time a request that loaded the session ends (every request carrying the cookie
 * does), so a request still running on the old id (the face page's scripts and models still loading when the user
 * pressed "Use a passkey instead") put the old id back after the login had answered with the new one, and the
 * browser's next page found no session: the user was back on the login page. A deleted row cannot be written back
 * ({@code DatabaseTestBase} shows both). Sessions kept by the servlet container (only some tests run so) are one
 * object in memory, renamed in place with no such race, and keep {@code changeSessionId}.
 */
@Component
public class SessionRotation {

    private final SessionAuthenticationStrategy strategy;

    /** @param sessionStore Spring Session's store; absent when the servlet container keeps the sessions */
    public SessionRotation(ObjectProvider<SessionRepository<?>> sessionStore) {
        this.strategy = sessionStore.getIfAvailable() != null ? new SessionFixationProtectionStrategy()
                : new ChangeSessionIdAuthenticationStrategy();
    }

    /** @return the session fixation strategy for Spring Security's {@code sessionManagement} */
    public SessionAuthenticationStrategy strategy() {
        return strategy;
    }

    /**
     * Gives the request's session a new id; does nothing when the request came without a session.
     *
     * @param authentication who the session belongs to (for Spring Security's session event)
     * @param request        current request
     * @param response       current response
     */
    public void rotate(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        strategy.onAuthentication(authentication, request, response);
    }
}
