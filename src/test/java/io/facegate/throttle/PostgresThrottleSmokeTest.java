package io.facegate.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.account.AccountService;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import io.facegate.audit.LoginAttemptRepository;
import io.facegate.cleanup.CleanupReport;
import io.facegate.cleanup.CleanupService;
import io.facegate.config.DatabaseSettings;
import io.facegate.support.MutableClock;
import io.facegate.support.PostgresSmoke;
import io.facegate.support.PostgresTestDatabase;
import io.facegate.support.WebTestBase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Login counters (SQL upsert … RETURNING), the audit trail and "keep me signed in" tokens on PostgreSQL. Runs only when {@code FACEGATE_TEST_POSTGRES_URL}
 * names a PostgreSQL database (as for {@code config.PostgresSmokeTest}).
 */
@PostgresSmoke
class PostgresThrottleSmokeTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        PostgresTestDatabase.register(registry, "throttle_smoke");
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountService accounts;
    @Autowired
    UserRepository users;
    @Autowired
    LoginAttemptRepository attempts;
    @Autowired
    CleanupService cleanup;
    @Autowired
    MutableClock clock;
    @Autowired
    DatabaseSettings settings;

    private ResultActions login(String username, String password, String address) throws Exception {
        return mvc.perform(post("/login").with(csrf()).with(request -> {
            request.setRemoteAddr(address);
            return request;
        }).accept(MediaType.APPLICATION_JSON).param("username", username).param("password", password));
    }

    @Test
    void countersAndAuditWorkOnPostgres() throws Exception {
        assertThat(settings.kind()).isEqualTo(DatabaseSettings.Kind.POSTGRESQL);
        Instant t0 = Instant.parse("2041-03-01T08:00:00Z");
        try {
            clock.set(t0);
            UserAccount user = accounts.register("pgthrottle" + System.nanoTime() % 100000, WebTestBase.PASSWORD);
            String address = "2001:db8::" + Long.toHexString(System.nanoTime() % 65536);
            for (int i = 0; i < 5; i++) {
                login(user.getUsername(), "wrong " + i, address).andExpect(status().isUnauthorized());
            }
            login(user.getUsername(), WebTestBase.PASSWORD, address).andExpect(status().isTooManyRequests())
                    .andExpect(header().string("Retry-After", "30"))
                    .andExpect(jsonPath("$.error").value("too_many_attempts"));
            login(user.getUsername(), WebTestBase.PASSWORD, "198.51.100.200").andExpect(status().isOk());
            clock.advance(Duration.ofSeconds(30));
            login(user.getUsername(), WebTestBase.PASSWORD, address).andExpect(status().isOk());
            assertThat(attempts.countByUserId(user.getId())).isEqualTo(8);

            clock.set(t0.plus(Duration.ofHours(25)));
            CleanupReport report = cleanup.run();
            assertThat(users.findById(user.getId())).isEmpty();
            assertThat(attempts.countByUserId(user.getId())).isZero();
            assertThat(report.loginAttemptsDeleted()).isGreaterThanOrEqualTo(8);
        } finally {
            clock.reset();
        }
    }

    @Test
    void keepMeSignedInTokensWorkAndEndWithThePasswordOnPostgres() throws Exception {
        UserAccount user = accounts.register("pgremember" + System.nanoTime() % 100000, WebTestBase.PASSWORD);
        jakarta.servlet.http.Cookie cookie = mvc.perform(post("/login").with(csrf())
                        .accept(MediaType.APPLICATION_JSON).param("username", user.getUsername())
                        .param("password", WebTestBase.PASSWORD).param("remember-me", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getCookie("remember-me");
        assertThat(cookie).isNotNull();
        jakarta.servlet.http.Cookie next = mvc.perform(get("/account").cookie(cookie)
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andReturn().getResponse().getCookie("remember-me");
        assertThat(next).isNotNull();
        accounts.changePassword(user.getId(), "another long passphrase");
        mvc.perform(get("/account").cookie(next).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized());
    }
}
