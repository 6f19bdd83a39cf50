package io.facegate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.support.WebTestBase;
import io.facegate.throttle.AttemptMethod;
import io.facegate.throttle.LoginThrottle;
import io.facegate.web.Flash;
import java.time.Duration;
import java.time.Instant;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The current password asked by {@code POST /account/password} and {@code POST /account/delete} is throttled and
 * audited as a password login: the same counters, the same 429 answers, rows in the account's recent logins.
 */
class CurrentPasswordThrottleTest extends WebTestBase {

    @Autowired
    LoginThrottle throttle;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private ResultActions changePassword(MockHttpSession session, String current, String address) throws Exception {
        return mvc.perform(post("/account/password").session(session).with(csrf()).with(from(address))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"currentPassword\":\"" + current + "\",\"newPassword\":\"a brand new passphrase\"}"));
    }

    @Test
    void theSixthWrongCurrentPasswordWaitsAndEvenTheRightOneWaitsUntilTheDelayIsOver() throws Exception {
        clock.set(Instant.parse("2031-03-01T10:00:00Z"));
        String name = uniqueName();
        MockHttpSession session = register(name);
        String address = "203.0.113.41";
        int limit = throttle.rules(AttemptMethod.PASSWORD).pairThreshold();
        for (int i = 1; i <= limit; i++) {
            changePassword(session, "wrong guess " + i, address).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("wrong_password"));
        }
        changePassword(session, "wrong guess again", address).andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(jsonPath("$.error").value("too_many_attempts"))
                .andExpect(jsonPath("$.message").value(containsString("Try again in 30 seconds")));
        changePassword(session, PASSWORD, address).andExpect(status().isTooManyRequests());
        // The same counters as /login: the password login from that address waits too.
        mvc.perform(post("/login").with(csrf()).with(from(address)).accept(MediaType.APPLICATION_JSON)
                        .param("username", name).param("password", PASSWORD))
                .andExpect(status().isTooManyRequests()).andExpect(header().string("Retry-After", "30"));

        clock.advance(Duration.ofSeconds(29));
        changePassword(session, PASSWORD, address).andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "1"));
        clock.advance(Duration.ofSeconds(1));
        changePassword(session, PASSWORD, address).andExpect(status().isOk())
                .andExpect(jsonPath("$.changed").value(true));
        // A correct password clears the counters as a login does: the next mistake is not delayed.
        changePassword(session, "wrong once more", address).andExpect(status().isBadRequest());

        mvc.perform(get("/account").session(session).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.recentLogins.length()").value(10))
                .andExpect(jsonPath("$.recentLogins[0].reason").value("reauth_failed"))
                .andExpect(jsonPath("$.recentLogins[0].outcome").value("failure"))
                .andExpect(jsonPath("$.recentLogins[0].method").value("password"))
                .andExpect(jsonPath("$.recentLogins[0].address").value(address))
                .andExpect(jsonPath("$.recentLogins[1].reason").value("reauth_ok"))
                .andExpect(jsonPath("$.recentLogins[1].outcome").value("success"))
                .andExpect(jsonPath("$.recentLogins[?(@.outcome == 'throttled')].reason",
                        Matchers.everyItem(Matchers.is("too_many_attempts"))))
                .andExpect(jsonPath("$.recentLogins[?(@.outcome == 'throttled')]", Matchers.hasSize(4)))
                .andExpect(jsonPath("$.recentLogins[?(@.reason == 'reauth_failed')]", Matchers.hasSize(5)));
    }

    @Test
    void deletingTheAccountIsThrottledTooAndPagesAreSentBackWithTheMessage() throws Exception {
        clock.set(Instant.parse("2031-04-01T10:00:00Z"));
        String name = uniqueName();
        MockHttpSession session = register(name);
        String address = "198.51.100.42";
        int limit = throttle.rules(AttemptMethod.PASSWORD).pairThreshold();
        for (int i = 1; i <= limit; i++) {
            mvc.perform(post("/account/delete").session(session).with(csrf()).with(from(address))
                            .param("password", "wrong guess " + i))
                    .andExpect(redirectedUrl("/account"));
        }
        mvc.perform(post("/account/delete").session(session).with(csrf()).with(from(address))
                        .param("password", PASSWORD))
                .andExpect(redirectedUrl("/account"))
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(flash().attribute("flash", new Flash("error",
                        "Too many failed attempts. Try again in 30 seconds.")));
        mvc.perform(post("/account/delete").session(session).with(csrf()).with(from(address))
                        .accept(MediaType.APPLICATION_JSON).param("password", PASSWORD))
                .andExpect(status().isTooManyRequests()).andExpect(header().string("Retry-After", "30"))
                .andExpect(jsonPath("$.error").value("too_many_attempts"));
        assertThat(users.findByUsernameKey(UserAccount.keyOf(name))).isPresent();

        mvc.perform(get("/account").session(session).accept(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.recentLogins[?(@.reason == 'reauth_failed')]", Matchers.hasSize(limit)))
                .andExpect(jsonPath("$.recentLogins[?(@.outcome == 'throttled')]", Matchers.hasSize(2)));

        clock.advance(Duration.ofSeconds(30));
        mvc.perform(post("/account/delete").session(session).with(csrf()).with(from(address))
                        .accept(MediaType.APPLICATION_JSON).param("password", PASSWORD))
                .andExpect(status().isOk()).andExpect(jsonPath("$.deleted").value(true));
        assertThat(users.findByUsernameKey(UserAccount.keyOf(name))).isEmpty();
    }
}
