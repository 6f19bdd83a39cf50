package io.facegate.account;

import io.facegate.web.ApiException;
import io.facegate.web.Clients;
import io.facegate.web.Flash;
import io.facegate.web.Reply;
import io.facegate.web.SessionLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code GET/POST /register}: creates an account and logs it in at once (new session id), then offers Face ID
 * setup. Scripts get 201 {@code {"username", "redirect": "/setupfaceid"}} or 400/409 errors, and 429
 * {@code too_many_attempts} with {@code Retry-After} past the address's limit ({@link RegistrationThrottle}).
 */
@Controller
public class RegistrationController {

    private final AccountService accounts;
    private final SessionLogin sessionLogin;
    private final RegistrationThrottle throttle;

    /**
     * @param accounts     account service
     * @param sessionLogin logs the new user in
     * @param throttle     registrations per client address
     */
    public RegistrationController(AccountService accounts, SessionLogin sessionLogin, RegistrationThrottle throttle) {
        this.accounts = accounts;
        this.sessionLogin = sessionLogin;
        this.throttle = throttle;
    }

    /**
     * The registration form.
     *
     * @param username user name (field {@code username})
     * @param password password (field {@code password})
     */
    public record RegistrationForm(String username, String password) {
    }

    /** @return the form page */
    @GetMapping("/register")
    public String form() {
        return "register";
    }

    /**
     * @param form     form fields
     * @param request  request
     * @param response response
     * @param flashes  flash messages
     * @return redirect or JSON
     */
    @PostMapping("/register")
    public Object register(RegistrationForm form, HttpServletRequest request, HttpServletResponse response,
                           RedirectAttributes flashes) {
        try {
            UserAccount account = throttle.register(Clients.address(request),
                    () -> accounts.register(form.username(), form.password()));
            sessionLogin.logIn(new FaceGateUser(account), request, response);
            return Reply.success(request, flashes, HttpStatus.CREATED,
                    Map.of("username", account.getUsername(), "redirect", "/setupfaceid"),
                    "/setupfaceid", Flash.success("Welcome, " + account.getUsername()
                            + "! Your account is ready. You can set up Face ID now, or later from your account page."));
        } catch (ApiException e) {
            flashes.addFlashAttribute("username", form.username());
            return Reply.failure(request, flashes, e, "/register");
        }
    }

    /**
     * @param form     JSON body {@code {"username", "password"}}
     * @param request  request
     * @param response response
     * @param flashes  unused for JSON
     * @return JSON
     */
    @PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Object registerJson(@RequestBody RegistrationForm form, HttpServletRequest request,
                               HttpServletResponse response, RedirectAttributes flashes) {
        return register(form, request, response, flashes);
    }
}
