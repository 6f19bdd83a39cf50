package io.facegate.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * Ends the stored sessions of an account, whichever instance made them: Spring Session JDBC keeps every session
 * in the database, indexed by principal name. Without a session store (sessions kept in memory, as in some
 * tests) there is nothing to find and only the request's own session is handled.
 */
@Component
public class AccountSessions {

    private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions;
    private final SessionRotation rotation;

    /**
     * @param sessions the session store; absent when sessions are kept in memory
     * @param rotation gives the request's own session its new id
     */
    public AccountSessions(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions,
                           SessionRotation rotation) {
        this.sessions = sessions;
        this.rotation = rotation;
    }

    /**
     * @param username the account's user name (the principal name sessions are indexed by)
     * @return how many stored sessions were deleted
     */
    public int endAll(String username) {
        return endAllBut(username, null);
    }

    /**
     * Ends every other session of the account and gives the request's own session a new id (it stays logged in).
     *
     * @param username the account's user name
     * @param request  the request whose session is kept
     * @param response its response
     * @return how many other sessions were deleted
     */
    public int endOthers(String username, HttpServletRequest request, HttpServletResponse response) {
        HttpSession current = request.getSession(false);
        int ended = endAllBut(username, current == null ? null : current.getId());
        if (current != null) {
            rotation.rotate(SecurityContextHolder.getContext().getAuthentication(), request, response);
        }
        return ended;
    }

    private int endAllBut(String username, String keep) {
        FindByIndexNameSessionRepository<? extends Session> repository = sessions.getIfAvailable();
        if (repository == null) {
            return 0;
        }
        int ended = 0;
        for (String id : repository.findByPrincipalName(username).keySet()) {
            if (!id.equals(keep)) {
                repository.deleteById(id);
                ended++;
            }
        }
        return ended;
    }
}
