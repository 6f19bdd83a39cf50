package io.facegate.login;

import io.facegate.account.FaceGateUser;
import io.facegate.account.UserRepository;
import io.facegate.config.FaceGateProperties;
import io.facegate.config.LoginSettings;
import io.facegate.config.OperatorCsrfExemption;
import io.facegate.oidc.ClientDefinitions;
import io.facegate.passkey.PasskeySecurity;
import io.facegate.throttle.AttemptMethod;
import io.facegate.web.ApiError;
import io.facegate.web.Clients;
import io.facegate.web.LoginDestination;
import io.facegate.web.SessionRotation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may open what, and how password login works.
 * <ul>
 *   <li>Form login at {@code GET/POST /login} (form fields or JSON body), {@code POST /logout}; the session id
 *       is rotated at every login ({@link SessionRotation}: with sessions in the database the session is moved to a
 *       new one, not renamed).</li>
 *   <li>One failure answer for an unknown user and a wrong password (no user enumeration).</li>
 *   <li>CSRF protection on every POST that a cookie could authenticate; scripts read the token from
 *       {@code GET /api/csrf} and send it in the {@code X-CSRF-TOKEN} header (or the {@code _csrf} field). One
 *       exemption: {@link OperatorCsrfExemption} ({@code POST /tasks/cleanup} without any cookie: the operator's header token is its only authentication).</li>
 *   <li>Scripts ({@code Accept: application/json}) get JSON 401/403 instead of redirects and error pages.</li>
 *   <li>"Keep me signed in" cookies are random tokens stored in the database ({@link RememberMeTokens}): log out
 *       (every token of the account), log out everywhere, a password change and account deletion end them.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class SecurityConfig {

    /** Audit reason of a password step that still needs the face (second-factor mode). */
    public static final String FACE_STEP_REQUIRED = "face_step_required";

    /** The one message for every failed password login. */
    public static final String LOGIN_FAILED = "Invalid username or password.";

    /**
     * Only this origin's scripts, styles and images; {@code 'wasm-unsafe-eval'} lets face-api.js compile its
     * WebAssembly backend; camera frames are {@code blob:} URLs.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
            + "style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
            + "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    /**
     * @param http        builder
     * @param users       accounts (for ending sessions of deleted accounts)
     * @param details     user lookup for remember-me
     * @param properties  settings ({@code SECRET_KEY})
     * @param json        JSON mapper
     * @param guard       login throttling and audit
     * @param settings    face mode
     * @param faceStep    the face step of second-factor mode
     * @param tokens      "keep me signed in" tokens in the database
     * @param oidcClients OpenID Connect clients (their redirect origins join the CSP's {@code form-action})
     * @param passkeys    passkeys (Spring Security's WebAuthn, see {@code io.facegate.passkey.PasskeySecurity})
     * @param rotation    the session's new id at login
     * @return the filter chain
     * @throws Exception from the builder
     */
    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, UserRepository users, UserDetailsService details,
                                            FaceGateProperties properties, JsonMapper json, LoginGuard guard,
                                            LoginSettings settings, FaceStep faceStep, RememberMeTokens tokens,
                                            List<ClientDefinitions.Client> oidcClients,
                                            PasskeySecurity passkeys, SessionRotation rotation)
            throws Exception {
        RequestMatcher scripts = Clients::wantsJson;
        http
            .authorizeHttpRequests(auth -> auth
                .requestMatchers("/", "/register", "/login", "/face-login", "/face-login/challenge", "/camera/precheck", "/api/csrf", "/api/labels",
                        "/tasks/cleanup", "/error", "/favicon.ico", "/css/**", "/js/**", "/vendor/**",
                        "/models/**", "/actuator/health", "/actuator/health/**",
                        "/actuator/prometheus").permitAll() // prometheus: operator token, see ops.OpsConfig
                .anyRequest().authenticated())
            .csrf(csrf -> csrf.ignoringRequestMatchers(new OperatorCsrfExemption()))
            .sessionManagement(sessions -> sessions.sessionAuthenticationStrategy(rotation.strategy()))
            .formLogin(form -> form
                .loginPage("/login")
                .loginProcessingUrl("/login")
                .successHandler(loginSuccess(json, guard, settings, faceStep))
                .failureHandler(loginFailure(json, guard)))
            .logout(logout -> logout
                .logoutUrl("/logout")
                .logoutSuccessHandler(logoutSuccess(json)))
            .exceptionHandling(ex -> ex
                .defaultAuthenticationEntryPointFor(jsonError(json, HttpStatus.UNAUTHORIZED, "unauthenticated",
                        "Log in first."), scripts)
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
                .accessDeniedHandler(accessDenied(json)))
            .headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(
                        ClientDefinitions.withFormActions(CONTENT_SECURITY_POLICY, oidcClients)))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .permissionsPolicyHeader(permissions -> permissions.policy("camera=(self), microphone=()")))
            .addFilterBefore(new JsonLoginFilter(json), UsernamePasswordAuthenticationFilter.class)
            .addFilterAfter(new PasswordThrottleFilter(guard, settings, json), JsonLoginFilter.class)
            .addFilterAfter(new ActiveAccountFilter(users), SecurityContextHolderFilter.class);
        if (!settings.secondFactor()) {
            http.rememberMe(remember -> remember
                .key(rememberMeKey(properties))
                .tokenRepository(tokens)
                .userDetailsService(details));
        }
        // In second-factor mode no "keep me signed in" cookie logs in: the login page offers none, and one issued
        // before the operator switched modes would open the account with neither password nor face (a README-only
        // tester's did). Switching back to alternative mode honours the unexpired ones again.
        passkeys.apply(http);
        return http.build();
    }

    private static String rememberMeKey(FaceGateProperties properties) {
        if (properties.secretKey() != null && !properties.secretKey().isBlank()) {
            return properties.secretKey();
        }
        log.info("SECRET_KEY is not set: using a random key for remember-me authentications of this instance.");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static AuthenticationSuccessHandler loginSuccess(JsonMapper json, LoginGuard guard,
                                                             LoginSettings settings, FaceStep faceStep) {
        SavedRequestAwareAuthenticationSuccessHandler pages = new SavedRequestAwareAuthenticationSuccessHandler();
        pages.setDefaultTargetUrl("/account");
        return (request, response, authentication) -> {
            FaceGateUser user = (FaceGateUser) authentication.getPrincipal();
            String address = Clients.address(request);
            if (settings.secondFactor() && faceStep.required(user)) {
                guard.succeeded(AttemptMethod.PASSWORD, LoginGuard.account(user), address, FACE_STEP_REQUIRED);
                faceStep.open(user, request, response);
                if (Clients.wantsJson(request)) {
                    write(json, response, HttpStatus.OK, Map.of("username", user.getUsername(),
                            "redirect", "/face-login", "faceStepRequired", true));
                } else {
                    response.sendRedirect(request.getContextPath() + "/face-login?step");
                }
                return;
            }
            guard.succeeded(AttemptMethod.PASSWORD, LoginGuard.account(user), address, "ok");
            if (Clients.wantsJson(request)) {
                // An interrupted request (e.g. another site's OpenID Connect authorization request) goes on.
                write(json, response, HttpStatus.OK, Map.of("username", authentication.getName(),
                        "redirect", LoginDestination.next(request, response)));
            } else {
                pages.onAuthenticationSuccess(request, response, authentication);
            }
        };
    }

    private static AuthenticationFailureHandler loginFailure(JsonMapper json, LoginGuard guard) {
        return (request, response, exception) -> {
            var account = guard.account(request.getParameter("username"));
            guard.failed(AttemptMethod.PASSWORD, account, Clients.address(request),
                    account == null || account.userId() == null ? "unknown_user" : "wrong_password");
            if (Clients.wantsJson(request)) {
                write(json, response, HttpStatus.UNAUTHORIZED, new ApiError("bad_credentials", LOGIN_FAILED));
            } else {
                keepUsername(request, response);
                response.sendRedirect(request.getContextPath() + "/login?error");
            }
        };
    }

    /**
     * Shows the user name typed in a failed password login in the form again (a flash attribute, cut to
     * {@value #KEPT_USERNAME} characters, the form's {@code maxlength}), so that only the password is typed again.
     */
    private static void keepUsername(HttpServletRequest request, HttpServletResponse response) {
        String username = request.getParameter("username");
        if (username == null || username.isBlank()) {
            return;
        }
        FlashMap flash = new FlashMap();
        String typed = username.strip();
        flash.put("username", typed.substring(0, Math.min(typed.length(), KEPT_USERNAME)));
        flash.setTargetRequestPath(request.getContextPath() + "/login");
        new SessionFlashMapManager().saveOutputFlashMap(flash, request, response);
    }

    /** Longest user name kept for the form after a failed login: the login form's {@code maxlength}. */
    private static final int KEPT_USERNAME = 32;

    private static LogoutSuccessHandler logoutSuccess(JsonMapper json) {
        return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
            if (Clients.wantsJson(request)) {
                write(json, response, HttpStatus.OK, Map.of("loggedOut", true));
            } else {
                response.sendRedirect(request.getContextPath() + "/?logout");
            }
        };
    }

    private static AccessDeniedHandler accessDenied(JsonMapper json) {
        return (request, response, exception) -> {
            boolean csrf = exception instanceof CsrfException;
            String code = csrf ? "csrf_invalid" : "forbidden";
            String message = csrf
                    ? "The form expired or the CSRF token is missing; reload the page (scripts: GET /api/csrf) and try again."
                    : "You may not do this.";
            if (Clients.wantsJson(request)) {
                write(json, response, HttpStatus.FORBIDDEN, new ApiError(code, message));
            } else {
                request.setAttribute("facegate.errorMessage", message);
                response.sendError(HttpStatus.FORBIDDEN.value(), message);
            }
        };
    }

    private static AuthenticationEntryPoint jsonError(JsonMapper json, HttpStatus status, String code, String message) {
        return (request, response, exception) -> write(json, response, status, new ApiError(code, message));
    }

    static void write(JsonMapper json, HttpServletResponse response, HttpStatus status, Object body) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
