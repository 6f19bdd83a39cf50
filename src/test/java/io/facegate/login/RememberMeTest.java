package io.facegate.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.cleanup.CleanupService;
import io.facegate.support.WebTestBase;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/**
 * "Keep me signed in" cookies are tokens in the database: they log in on their own, and log out everywhere, a
 * password change, deleting the account and the cleanup (after which the name can be registered again) all end
 * them.
 */
class RememberMeTest extends WebTestBase {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CleanupService cleanup;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** Logs in with "keep me signed in" in a session of its own; returns the cookie. */
    private Cookie rememberMe(String name, String password, MockHttpSession session) throws Exception {
        MvcResult r = mvc.perform(post("/login").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON)
                        .param("username", name).param("password", password).param("remember-me", "true"))
                .andExpect(status().isOk()).andReturn();
        Cookie cookie = r.getResponse().getCookie("remember-me");
        assertThat(cookie).isNotNull();
        assertThat(cookie.getValue()).isNotEmpty();
        return cookie;
    }

    private int accountWithCookie(Cookie cookie) throws Exception {
        return mvc.perform(get("/account").cookie(cookie).accept(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getStatus();
    }

    private int tokens(String name) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM persistent_logins WHERE LOWER(username) = LOWER(?)",
                Integer.class, name);
    }

    @Test
    void theCookieLogsInAndLogOutEverywhereEndsIt() throws Exception {
        String name = uniqueName();
        register(name);
        Cookie phone = rememberMe(name, PASSWORD, new MockHttpSession());
        // The cookie alone logs in (the token is then replaced: each cookie works once).
        MvcResult used = mvc.perform(get("/account").cookie(phone).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(name)).andReturn();
        Cookie next = used.getResponse().getCookie("remember-me");
        assertThat(next).isNotNull();

        MockHttpSession laptop = new MockHttpSession();
        rememberMe(name, PASSWORD, laptop);
        mvc.perform(post("/account/sessions/logout-all").session(laptop).with(csrf())
                .accept(MediaType.APPLICATION_JSON)).andExpect(status().isOk());
        assertThat(tokens(name)).isZero();
        assertThat(accountWithCookie(next)).isEqualTo(401);
    }

    @Test
    void aStoredTokenLogsInWithItsCookie() throws Exception {
        // The cookie SecondFactorTest shows refused in second-factor mode logs in here (alternative mode).
        String name = uniqueName();
        register(name);
        mvc.perform(get("/account").cookie(storedRememberMeCookie(name)).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(name));
    }

    @Test
    void aPasswordChangeEndsTheCookies() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        Cookie cookie = rememberMe(name, PASSWORD, new MockHttpSession());
        mvc.perform(post("/account/password").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"another long passphrase\"}"))
                .andExpect(status().isOk());
        assertThat(tokens(name)).isZero();
        assertThat(accountWithCookie(cookie)).isEqualTo(401);
    }

    @Test
    void deletingTheAccountEndsTheCookiesAndARegistrationOfTheSameNameDoesNotInheritThem() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        Cookie cookie = rememberMe(name, PASSWORD, new MockHttpSession());
        mvc.perform(post("/account/delete").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"password\":\"" + PASSWORD + "\"}"))
                .andExpect(status().isOk());
        assertThat(tokens(name)).isZero();
        register(name);
        assertThat(accountWithCookie(cookie)).isEqualTo(401);
    }

    @Test
    void theCleanupEndsTheCookiesOfTheAccountsItDeletes() throws Exception {
        Instant t0 = Instant.parse("2032-01-01T00:00:00Z");
        clock.set(t0);
        String name = uniqueName();
        register(name);
        Cookie cookie = rememberMe(name, PASSWORD, new MockHttpSession());
        assertThat(tokens(name)).isEqualTo(1);
        clock.set(t0.plus(Duration.ofHours(25)));
        cleanup.run();
        assertThat(tokens(name)).isZero();
        register(name.toUpperCase()); // the name is free again, in any case
        assertThat(accountWithCookie(cookie)).isEqualTo(401);
    }
}
