package io.facegate.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.account.AccountService;
import io.facegate.account.FaceGateUser;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Full application on a real SQLite file in a temporary folder, driven through MockMvc. Subclasses share one
 * Spring context per distinct configuration. Sessions are the servlet container's here (Spring Session JDBC is
 * left out), so tests can hand MockMvc a {@link MockHttpSession} and inspect it; the sessions in the database are
 * tested by {@link DatabaseTestBase}.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(WebTestBase.ClockConfig.class)
@TestPropertySource(properties = {"facegate.task-token=" + WebTestBase.TASK_TOKEN, "facegate.cleanup.enabled=false",
        "facegate.password.pbkdf2-iterations=1000", WebTestBase.CONTAINER_SESSIONS})
public abstract class WebTestBase {

    /** Leaves Spring Session JDBC out, so sessions are MockMvc's {@link MockHttpSession}. */
    public static final String CONTAINER_SESSIONS =
            "spring.autoconfigure.exclude=org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration";

    /** Operator token configured for these tests. */
    public static final String TASK_TOKEN = "test-task-token-0123456789";
    /** A password that passes the rules. */
    public static final String PASSWORD = "correct horse battery";

    private static final Path ROOT = tempRoot();
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected UserRepository users;
    @Autowired
    protected MutableClock clock;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private AccountService accountService;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("facegate.database-url", () -> "sqlite:///" + ROOT.resolve("facegate.db"));
        registry.add("facegate.labels-dir", () -> ROOT.resolve("labels").toString());
    }

    /**
     * Login failures are counted per client address across accounts, and every MockMvc request comes from
     * 127.0.0.1: each test starts with no failure counted, so one test's refusals cannot throttle the next.
     */
    @AfterEach
    void clearLoginCounters() {
        jdbc.update("DELETE FROM login_counters");
    }

    /**
     * @param address a client address
     * @return a MockMvc request coming from it (the limits count per address: a test's attacker and user differ)
     */
    protected static org.springframework.test.web.servlet.request.RequestPostProcessor fromAddress(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    /**
     * Stores a "keep me signed in" token for the account as the application does (table {@code persistent_logins})
     * and makes its cookie, as a browser that logged in with "keep me signed in" holds it.
     *
     * @param username an existing account
     * @return the cookie
     */
    protected jakarta.servlet.http.Cookie storedRememberMeCookie(String username) {
        String series = "c2VyaWVz" + Long.toHexString(System.nanoTime());
        String token = "dG9rZW4=";
        jdbc.update("INSERT INTO persistent_logins (series, username, token, last_used, user_id) "
                + "SELECT ?, ?, ?, ?, id FROM users WHERE username_key = ?", series, username, token,
                java.sql.Timestamp.from(java.time.Instant.now()), username.toLowerCase(java.util.Locale.ROOT));
        return new jakarta.servlet.http.Cookie("remember-me", java.util.Base64.getEncoder().encodeToString(
                (series + ":" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Removes the Face ID of every account the way the application does, so that the in-memory gallery drops
     * those templates too (deleting rows behind the application's back would leave them there until a restart).
     */
    protected void removeEveryFaceId() {
        for (Long userId : jdbc.queryForList("SELECT DISTINCT user_id FROM face_templates", Long.class)) {
            accountService.removeFaceId(userId);
        }
    }

    /** @return the labels folder of this test context */
    protected static Path labelsRoot() {
        return ROOT.resolve("labels");
    }

    /** @return a user name not used before in this JVM */
    protected static String uniqueName() {
        return "user" + NAMES.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 100000, 36);
    }

    /**
     * Registers through the form and returns the logged-in session.
     *
     * @param username user name
     * @return the session
     * @throws Exception from MockMvc
     */
    protected MockHttpSession register(String username) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/register").session(session).with(csrf())
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("username", username).param("password", PASSWORD))
                .andExpect(status().is3xxRedirection());
        return session;
    }

    /**
     * @param username user name
     * @return the principal of that account, as a logged-in session would carry it
     */
    protected FaceGateUser principal(String username) {
        return new FaceGateUser(users.findByUsernameKey(UserAccount.keyOf(username)).orElseThrow());
    }

    private static Path tempRoot() {
        try {
            return Files.createTempDirectory("facegate-web-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the system clock by one the tests can set; and, since sessions are stored in the database in
     * production (Java serialization), fails any MockMvc request that leaves something in its session that cannot
     * be serialized.
     */
    @TestConfiguration(proxyBeanMethods = false)
    public static class ClockConfig {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }

        @Bean
        MockMvcBuilderCustomizer sessionAttributesMustSerialize() {
            return builder -> builder.alwaysDo(result -> {
                HttpSession session = result.getRequest().getSession(false);
                if (session == null || (session instanceof MockHttpSession mock && mock.isInvalid())) {
                    return;
                }
                for (String name : Collections.list(session.getAttributeNames())) {
                    try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
                        out.writeObject(session.getAttribute(name));
                    } catch (NotSerializableException e) {
                        throw new AssertionError("Session attribute " + name + " cannot be serialized ("
                                + e.getMessage() + "); sessions are stored in the database.", e);
                    }
                }
            });
        }
    }
}
