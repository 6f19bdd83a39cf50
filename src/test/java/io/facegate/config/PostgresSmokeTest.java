package io.facegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.account.AccountService;
import io.facegate.account.FaceTemplateStore;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import io.facegate.support.MutableClock;
import io.facegate.support.PostgresSmoke;
import io.facegate.support.PostgresTestDatabase;
import io.facegate.support.WebTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The same migration and flows on PostgreSQL. Runs only when {@code FACEGATE_TEST_POSTGRES_URL} names an empty
 * database (any form {@code DATABASE_URL} accepts), e.g. {@code postgres://fg:pw@127.0.0.1:5432/facegate_test}.
 */
@PostgresSmoke
class PostgresSmokeTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        PostgresTestDatabase.register(registry, "smoke");
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountService accounts;
    @Autowired
    FaceTemplateStore templates;
    @Autowired
    UserRepository users;
    @Autowired
    MutableClock clock;
    @Autowired
    DatabaseSettings settings;

    @Test
    void registrationLoginUniquenessAndCleanupWorkOnPostgres() throws Exception {
        assertThat(settings.kind()).isEqualTo(DatabaseSettings.Kind.POSTGRESQL);
        String name = "Pg" + System.nanoTime();
        mvc.perform(post("/register").with(csrf()).param("username", name).param("password", WebTestBase.PASSWORD))
                .andExpect(redirectedUrl("/setupfaceid"));
        mvc.perform(post("/register").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name.toLowerCase() + "\",\"password\":\"" + WebTestBase.PASSWORD + "\"}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("username_taken"));
        mvc.perform(post("/login").with(csrf()).param("username", name).param("password", WebTestBase.PASSWORD))
                .andExpect(redirectedUrl("/account"));

        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try {
            Instant t0 = Instant.parse("2040-06-01T10:00:00.123456Z");
            clock.set(t0);
            UserAccount old = accounts.register("old" + System.nanoTime(), WebTestBase.PASSWORD);
            templates.add(old.getId(), new float[128], "test-v1", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});
            clock.set(t0.plus(Duration.ofHours(2)));
            UserAccount young = accounts.register("young" + System.nanoTime(), WebTestBase.PASSWORD);
            assertThat(users.findById(young.getId()).orElseThrow().getCreatedAt()).isEqualTo(t0.plus(Duration.ofHours(2)));
            clock.set(t0.plus(Duration.ofHours(25)));
            mvc.perform(post("/tasks/cleanup").with(csrf()).header("X-Task-Token", "pg-token-7f3a9c2e5b8d1f4a6c0e"))
                    .andExpect(status().isOk());
            assertThat(users.findById(old.getId())).isEmpty();
            assertThat(templates.forUser(old.getId())).isEmpty();
            assertThat(users.findById(young.getId())).isPresent();
        } finally {
            TimeZone.setDefault(saved);
            clock.reset();
        }
    }
}
