package io.facegate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import io.facegate.support.WebTestBase;

/**
 * One client address can neither create accounts in bulk nor test user names at full speed: the 21st registration
 * within 12 h, created or refused as {@code username_taken}, waits 30 s (then 60 s, …); another address is not
 * slowed; a registration refused for its form (a weak password) is not counted. The attack a README-only tester
 * made: 30 accounts in 2.7 s and 200 name probes in under 5 s from one address.
 */
class RegistrationThrottleTest extends WebTestBase {

    private static final String ATTACKER = "203.0.113.7";

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private ResultActions registerFrom(String address, String name, String password) throws Exception {
        return mvc.perform(post("/register").with(csrf()).with(fromAddress(address)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}"));
    }

    @Test
    void theTwentyFirstRegistrationFromOneAddressWaitsAndOtherAddressesDoNot() throws Exception {
        clock.set(Instant.parse("2031-04-01T10:00:00Z"));
        String taken = uniqueName();
        registerFrom("198.51.100.1", taken, PASSWORD).andExpect(status().isCreated());
        // Weak passwords test no name and create nothing: not counted.
        for (int i = 0; i < 5; i++) {
            registerFrom(ATTACKER, uniqueName(), "short").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("weak_password"));
        }
        // 15 accounts and 5 probes of a taken name: 20 counted.
        for (int i = 0; i < 15; i++) {
            registerFrom(ATTACKER, uniqueName(), PASSWORD).andExpect(status().isCreated());
        }
        for (int i = 0; i < 5; i++) {
            registerFrom(ATTACKER, taken, PASSWORD).andExpect(status().isConflict())
                    .andExpect(jsonPath("$.error").value("username_taken"));
        }
        String next = uniqueName();
        registerFrom(ATTACKER, next, PASSWORD).andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.error").value("too_many_attempts"))
                .andExpect(header().string("Retry-After", "30"));
        assertThat(users.findByUsernameKey(UserAccount.keyOf(next))).isEmpty();
        // The name oracle is closed too: a taken name gets the same 429, not 409.
        registerFrom(ATTACKER, taken, PASSWORD).andExpect(status().isTooManyRequests());
        // Another address registers at once.
        registerFrom("198.51.100.2", uniqueName(), PASSWORD).andExpect(status().isCreated());

        clock.advance(Duration.ofSeconds(31));
        registerFrom(ATTACKER, next, PASSWORD).andExpect(status().isCreated());
        registerFrom(ATTACKER, uniqueName(), PASSWORD).andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "60"));
    }
}
