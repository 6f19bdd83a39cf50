package io.facegate.login;

import io.facegate.account.FaceGateUser;
import io.facegate.oidc.RelyingPartyGrants;
import io.facegate.web.AccountSessions;
import io.facegate.web.Flash;
import io.facegate.web.Reply;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Log out everywhere": {@code POST /account/sessions/logout-all} deletes every stored session of the logged-in
 * user ({@link AccountSessions}), whichever instance made it, and ends this one.
 * Every "keep me signed in" token of the account ({@link RememberMeTokens}) is deleted too, so no other device
 * logs back in with its cookie, and so is every grant relying parties hold ({@link RelyingPartyGrants}: their refresh
 * tokens stop working).
 */
@Controller
public class SessionsController {

    private final AccountSessions sessions;
    private final RememberMeTokens tokens;
    private final RelyingPartyGrants grants;

    /**
     * @param sessions the account's stored sessions (without a session store only this one ends)
     * @param tokens   "keep me signed in" tokens
     * @param grants   what relying parties hold for the account (their refresh tokens)
     */
    public SessionsController(AccountSessions sessions, RememberMeTokens tokens, RelyingPartyGrants grants) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.grants = grants;
    }

    /**
     * @param user     logged-in user
     * @param request  request
     * @param response response (the remember-me cookie of this browser is cleared)
     * @param flashes  flash messages
     * @return 200 {@code {"sessionsEnded": n}} or a redirect to the login page
     */
    @PostMapping("/account/sessions/logout-all")
    public Object logoutEverywhere(@AuthenticationPrincipal FaceGateUser user, HttpServletRequest request,
                                   HttpServletResponse response, RedirectAttributes flashes) {
        HttpSession current = request.getSession(false);
        int ended = 0;
        if (current != null) {
            current.invalidate();
            ended++;
        }
        ended += sessions.endAll(user.getUsername());
        tokens.removeUserTokens(user.getUsername());
        grants.endAll(user.getId());
        SecurityContextHolder.clearContext();
        Cookie rememberMe = new Cookie("remember-me", "");
        rememberMe.setMaxAge(0);
        rememberMe.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
        response.addCookie(rememberMe);
        return Reply.success(request, flashes, HttpStatus.OK, Map.of("sessionsEnded", ended), "/login",
                Flash.success("You were logged out everywhere (" + ended + " session(s) ended)."));
    }
}
