package io.facegate.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.support.WebTestBase;
import io.facegate.throttle.AttemptMethod;
import io.facegate.throttle.LoginThrottle;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A throttled face login is told when the challenge is asked for, before the user makes any movement, and asking
 * counts nothing.
 */
class ChallengeThrottleTest extends WebTestBase {

    @Autowired
    LoginThrottle throttle;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aThrottledAddressGets429WithRetryAfterBeforeTheChallengeAndAskingCountsNothing() throws Exception {
        mvc.perform(post("/face-login/challenge").with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk());
        int failures = 0;
        while (throttle.peek(AttemptMethod.FACE, null, "127.0.0.1").allowed()) {
            throttle.failed(AttemptMethod.FACE, null, "127.0.0.1");
            assertThat(++failures).as("failures until the address waits").isLessThan(100);
        }
        Integer counted = jdbc.queryForObject("SELECT SUM(failures) FROM login_counters", Integer.class);
        for (int i = 0; i < 3; i++) {
            mvc.perform(post("/face-login/challenge").with(csrf()).accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isTooManyRequests())
                    .andExpect(header().exists("Retry-After"))
                    .andExpect(jsonPath("$.error").value("too_many_attempts"));
        }
        assertThat(jdbc.queryForObject("SELECT SUM(failures) FROM login_counters", Integer.class))
                .as("asking counted nothing").isEqualTo(counted);
    }
}
