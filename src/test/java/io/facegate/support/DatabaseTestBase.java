package io.facegate.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.account.AccountService;
import io.facegate.account.FaceTemplate;
import io.facegate.account.DatabaseLabelStore;
import io.facegate.account.FaceTemplateStore;
import io.facegate.account.FileLabelStore;
import io.facegate.account.LabelStore;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import io.facegate.cleanup.CleanupReport;
import io.facegate.cleanup.CleanupService;
import io.facegate.config.DatabaseSettings;
import io.facegate.web.ApiException;
import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The database contract every supported database must meet, run once per database by a subclass that names it
 * ({@code facegate.database-url} and {@code facegate.labels-dir} from a {@code @DynamicPropertySource}): the
 * migrations, accounts and templates round trip, cleanup, sessions in the database (Spring Session JDBC, driven
 * through MockMvc with the {@code SESSION} cookie, as a browser would) and the ShedLock table.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(WebTestBase.ClockConfig.class)
@TestPropertySource(properties = {"facegate.task-token=" + WebTestBase.TASK_TOKEN, "facegate.cleanup.enabled=false",
        "facegate.password.pbkdf2-iterations=1000"})
public abstract class DatabaseTestBase {

    /** A password that passes the rules. */
    protected static final String PASSWORD = WebTestBase.PASSWORD;
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected UserRepository users;
    @Autowired
    protected AccountService accounts;
    @Autowired
    protected FaceTemplateStore templates;
    @Autowired
    protected CleanupService cleanup;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected DatabaseSettings settings;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected Flyway flyway;
    @Autowired
    protected LockProvider locks;
    @Autowired
    protected FindByIndexNameSessionRepository<? extends Session> sessionStore;

    /** A PNG signature and a few bytes: what the stores check. */
    protected static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3};
    /** A JPEG signature and a few bytes. */
    protected static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 4, 5, 6};

    @Autowired
    protected LabelStore labels;

    /** @return the database product this subclass runs on */
    protected abstract DatabaseSettings.Kind expectedKind();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** @return a user name not used before in this JVM */
    protected static String uniqueName() {
        return "db" + NAMES.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 100000, 36);
    }

    @Test
    void everyMigrationIsAppliedAndEveryTableIsThere() {
        assertThat(settings.kind()).isEqualTo(expectedKind());
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.info().applied()).extracting(MigrationInfo::getVersion).extracting(Object::toString)
                .contains("1", "4", "7");
        for (String table : List.of("users", "face_templates", "SPRING_SESSION", "SPRING_SESSION_ATTRIBUTES",
                "shedlock", "label_images", "gallery_changes")) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class)).as(table).isNotNull();
        }
    }

    @Test
    void accountsAndTemplatesRoundTripExactly() {
        Instant t0 = Instant.parse("2035-02-03T04:05:06.789Z");
        clock.set(t0);
        String name = uniqueName();
        UserAccount account = accounts.register(name, PASSWORD);
        float[] descriptor = new float[FaceTemplate.DESCRIPTOR_LENGTH];
        for (int i = 0; i < descriptor.length; i++) {
            descriptor[i] = (float) Math.sin(i * 0.37) * (i % 2 == 0 ? 1e-3f : 7.5f);
        }
        FaceTemplate saved = templates.add(account.getId(), descriptor, "test-v1", null);

        UserAccount read = users.findByUsernameKey(UserAccount.keyOf(name.toUpperCase())).orElseThrow();
        assertThat(read.getId()).isEqualTo(account.getId());
        assertThat(read.getUsername()).isEqualTo(name);
        assertThat(read.getCreatedAt()).isEqualTo(t0);
        List<FaceTemplate> stored = templates.forUser(account.getId());
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getId()).isEqualTo(saved.getId());
        assertThat(stored.get(0).getDescriptor()).containsExactly(descriptor);
        assertThat(stored.get(0).getPipelineVersion()).isEqualTo("test-v1");
        assertThat(stored.get(0).getCreatedAt()).isEqualTo(t0);

        assertThatThrownBy(() -> accounts.register(name.toUpperCase(), PASSWORD))
                .isInstanceOf(ApiException.class).hasMessageContaining("taken");
    }

    @Test
    void cleanupDeletesExpiredAccountsWithTheirTemplatesOnly() {
        Instant t0 = Instant.parse("2045-06-01T10:00:00Z");
        clock.set(t0);
        UserAccount old = accounts.register(uniqueName(), PASSWORD);
        templates.add(old.getId(), new float[128], "test-v1", null);
        templates.add(old.getId(), new float[128], "test-v1", null);
        clock.set(t0.plus(Duration.ofHours(2)));
        UserAccount young = accounts.register(uniqueName(), PASSWORD);
        templates.add(young.getId(), new float[128], "test-v1", null);

        clock.set(t0.plus(Duration.ofHours(25)));
        CleanupReport report = cleanup.run();
        assertThat(report.cutoff()).isEqualTo(t0.plus(Duration.ofHours(1)));
        assertThat(report.usersDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(report.templatesDeleted()).isGreaterThanOrEqualTo(2);
        assertThat(users.findById(old.getId())).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM face_templates WHERE user_id = ?", Long.class,
                old.getId())).isZero();
        assertThat(users.findById(young.getId())).isPresent();
        assertThat(templates.forUser(young.getId())).hasSize(1);
        assertThat(cleanup.run().usersDeleted()).isZero();
    }

    @Test
    void sessionsLiveInTheDatabaseAndLogOutEverywhereEndsThemAll() throws Exception {
        String name = uniqueName();
        accounts.register(name, PASSWORD);
        Cookie first = passwordLogin(name);
        Cookie second = passwordLogin(name);
        assertThat(first.getValue()).isNotEqualTo(second.getValue());

        // a page form answers with a redirect and a flash message, kept in the stored session
        MvcResult page = mvc.perform(post("/account/password").cookie(first).with(csrf())
                        .param("currentPassword", "wrong password!").param("newPassword", "another long passphrase"))
                .andExpect(redirectedUrl("/account")).andReturn();
        assertThat(page.getResponse().getCookie("SESSION")).isNull(); // same session, kept
        mvc.perform(get("/account").cookie(first)).andExpect(status().isOk())
                .andExpect(content().string(containsString("The current password is not correct.")));

        List<Integer> idle = jdbc.queryForList("SELECT MAX_INACTIVE_INTERVAL FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?",
                Integer.class, name);
        assertThat(idle).containsExactly(1800, 1800); // 30 min, the default idle time
        mvc.perform(get("/account").cookie(first).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(name));
        mvc.perform(get("/account").cookie(second).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk());

        Cookie third = passwordLogin(name);
        MvcResult out = mvc.perform(post("/account/sessions/logout-all").cookie(third).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.sessionsEnded").value(3)).andReturn();
        assertThat(out.getResponse().getCookie("remember-me").getMaxAge()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?", Long.class, name))
                .isZero();
        mvc.perform(get("/account").cookie(first)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/account").cookie(second)).andExpect(redirectedUrl("/login"));
    }

    @Test
    void aPasswordChangeEndsTheOtherSessionsAndKeepsThisOneWithANewId() throws Exception {
        String name = uniqueName();
        accounts.register(name, PASSWORD);
        Cookie a = passwordLogin(name);
        Cookie b = passwordLogin(name);

        MvcResult changed = mvc.perform(post("/account/password").cookie(a).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"another long passphrase\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.changed").value(true))
                .andExpect(jsonPath("$.otherSessionsEnded").value(1)).andReturn();
        Cookie renewed = changed.getResponse().getCookie("SESSION");
        assertThat(renewed).as("new SESSION cookie").isNotNull();
        assertThat(renewed.getValue()).isNotEqualTo(a.getValue());

        mvc.perform(get("/account").cookie(b)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/account").cookie(a)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/account").cookie(renewed).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(name));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?", Long.class, name))
                .isEqualTo(1);
    }

    /**
     * The pages' static files are served without reading the session ({@link io.facegate.web.StaticFilesWithoutSession}):
     * before, each of them loaded the session row and saved it again (its last access time moved).
     * A page still does, which shows the measure would see it.
     */
    @Test
    void staticFilesNeitherLoadNorSaveTheSession() throws Exception {
        String name = uniqueName();
        accounts.register(name, PASSWORD);
        Cookie session = passwordLogin(name);
        jdbc.update("UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = LAST_ACCESS_TIME - 60000 WHERE PRINCIPAL_NAME = ?",
                name);
        long before = lastAccess(name);

        mvc.perform(get("/js/camera.js").cookie(session)).andExpect(status().isOk())
                .andExpect(header().string("X-Content-Type-Options", "nosniff"));
        assertThat(lastAccess(name)).as("session row after a script").isEqualTo(before);
        mvc.perform(get("/favicon.ico").cookie(session)).andExpect(status().isOk());
        assertThat(lastAccess(name)).as("session row after the icon").isEqualTo(before);
        mvc.perform(head("/models/tiny_face_detector_model.bin").cookie(session)).andExpect(status().isOk());
        assertThat(lastAccess(name)).as("session row after static files").isEqualTo(before);

        mvc.perform(get("/account").cookie(session)).andExpect(status().isOk());
        assertThat(lastAccess(name)).as("session row after a page").isGreaterThan(before);
        MvcResult forged = mvc.perform(post("/js/camera.js").cookie(session)).andExpect(status().isForbidden())
                .andReturn();
        assertThat(forged.getResponse().getCookie("SESSION")).as("a refused POST keeps the browser's session").isNull();
    }

    private long lastAccess(String name) {
        return jdbc.queryForObject("SELECT LAST_ACCESS_TIME FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?", Long.class,
                name);
    }

    /**
     * A request still running on the session when a login gives it a new id (any request of the browser's that
     * loads the session: the face page's scripts and models still loading when "Use a passkey instead" is pressed)
     * ends after the login answered: Spring Session saves what that request loaded, row id and all. With a renamed
     * session ({@code changeSessionId}) that save put the old id back and the new cookie found no session; with the
     * session moved ({@link io.facegate.web.SessionRotation}) the old row is gone and the login holds. Checked for
     * a form login (Spring Security's strategy), a registration ({@code SessionLogin}, as face and passkey logins)
     * and a password change ({@code AccountSessions}).
     */
    @Test
    void aRequestStillRunningOnTheOldSessionIdCannotUndoANewId() throws Exception {
        String name = uniqueName();
        accounts.register(name, PASSWORD);
        Cookie anonymous = mvc.perform(get("/login")).andReturn().getResponse().getCookie("SESSION");
        assertThat(anonymous).as("the login page starts a session").isNotNull();
        Cookie loggedIn = whileARequestRuns(sessionStore, anonymous, () -> passwordLogin(name));
        loggedInAs(loggedIn, name);
        mvc.perform(get("/account").cookie(anonymous)).andExpect(redirectedUrl("/login"));

        Cookie changed = whileARequestRuns(sessionStore, loggedIn, () -> mvc.perform(post("/account/password")
                        .cookie(loggedIn).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"another long passphrase\"}"))
                .andExpect(status().isOk()).andReturn().getResponse().getCookie("SESSION"));
        loggedInAs(changed, name);

        Cookie page = mvc.perform(get("/register")).andReturn().getResponse().getCookie("SESSION");
        String newcomer = uniqueName();
        Cookie registered = whileARequestRuns(sessionStore, page, () -> mvc.perform(post("/register").cookie(page)
                        .with(csrf()).param("username", newcomer).param("password", PASSWORD))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getCookie("SESSION"));
        loggedInAs(registered, newcomer);
    }

    /**
     * Two requests of one session that add the same attribute at once (after a login cleared the CSRF token, both
     * make a new one) and a request still running on a session a login has deleted meanwhile: Spring Session's own
     * insert failed on the attribute table's primary key and on its foreign key, and the request answered 500.
     * Now the later value wins and nothing is added to a deleted session ({@code config.SessionStoreConfig}).
     */
    @Test
    void overlappingRequestsAddingSessionAttributesDoNotFail() {
        overlappingAttributes(sessionStore);
    }

    private <S extends Session> void overlappingAttributes(FindByIndexNameSessionRepository<S> store) {
        S made = store.createSession();
        store.save(made);
        S first = store.findById(made.getId());
        S second = store.findById(made.getId());
        first.setAttribute("token", "first");
        second.setAttribute("token", "second");
        store.save(first);
        store.save(second);
        assertThat(store.findById(made.getId()).<String>getAttribute("token")).isEqualTo("second");

        S stale = store.findById(made.getId());
        store.deleteById(made.getId());
        stale.setAttribute("late", "value");
        store.save(stale);
        assertThat(store.findById(made.getId())).isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION_ATTRIBUTES a WHERE NOT EXISTS "
                + "(SELECT 1 FROM SPRING_SESSION s WHERE s.PRIMARY_ID = a.SESSION_PRIMARY_ID)", Integer.class)).isZero();
    }

    /** What {@link #whileARequestRuns} runs in between. */
    @FunctionalInterface
    protected interface Step {
        /** @return the session cookie the step's answer set */
        Cookie run() throws Exception;
    }

    /**
     * Loads the session of {@code cookie} as a request of the browser's would, runs {@code step} (which gives the
     * session a new id), then ends that earlier request: its last access time set and the session saved, as
     * Spring Session's filter does at the end of every request.
     */
    private <S extends Session> Cookie whileARequestRuns(FindByIndexNameSessionRepository<S> store, Cookie cookie,
                                                         Step step) throws Exception {
        String id = new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.US_ASCII);
        S earlier = store.findById(id);
        assertThat(earlier).as("stored session " + id).isNotNull();
        Cookie renewed = step.run();
        assertThat(renewed).as("new SESSION cookie").isNotNull();
        assertThat(renewed.getValue()).isNotEqualTo(cookie.getValue());
        earlier.setLastAccessedTime(Instant.now());
        store.save(earlier);
        return renewed;
    }

    private void loggedInAs(Cookie cookie, String name) throws Exception {
        mvc.perform(get("/account").cookie(cookie).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(name));
    }

    @Test
    void bothLabelStoresKeepFindAndDeleteImages(@TempDir Path folder) throws Exception {
        for (LabelStore store : List.of(new FileLabelStore(folder), new DatabaseLabelStore(jdbc, clock))) {
            String kind = store.getClass().getSimpleName();
            UserAccount owner = accounts.register(uniqueName(), PASSWORD);
            UserAccount other = accounts.register(uniqueName(), PASSWORD);
            String png = store.save(owner.getId(), PNG);
            String jpeg = store.save(owner.getId(), JPEG);
            assertThat(png).as(kind).matches("[0-9a-f-]{36}\\.png");
            assertThat(jpeg).as(kind).endsWith(".jpg");
            LabelStore.LabelImage found = store.find(owner.getId(), png).orElseThrow();
            assertThat(found.bytes()).as(kind).isEqualTo(PNG);
            assertThat(found.mediaType()).isEqualTo("image/png");
            assertThat(store.find(owner.getId(), jpeg).orElseThrow().mediaType()).isEqualTo("image/jpeg");
            assertThat(store.find(other.getId(), png)).as(kind + ": another user's image").isEmpty();
            assertThat(store.find(owner.getId(), "../" + owner.getId() + "/" + png)).as(kind).isEmpty();
            assertThat(store.owners()).as(kind).contains(owner.getId()).doesNotContain(other.getId());
            assertThatThrownBy(() -> store.save(owner.getId(), new byte[] {1, 2, 3}))
                    .isInstanceOf(IllegalArgumentException.class);

            store.delete(owner.getId(), png);
            assertThat(store.find(owner.getId(), png)).as(kind).isEmpty();
            assertThat(store.find(owner.getId(), jpeg)).as(kind).isPresent();
            assertThat(store.deleteAll(owner.getId())).as(kind).isTrue();
            assertThat(store.find(owner.getId(), jpeg)).as(kind).isEmpty();
            assertThat(store.deleteAll(owner.getId())).as(kind).isFalse();
            assertThat(store.owners()).as(kind).doesNotContain(owner.getId());
        }
    }

    @Test
    void aLabelImageIsServedToItsOwnerOnlyAndGoesWithTheAccount() throws Exception {
        String ownerName = uniqueName();
        String otherName = uniqueName();
        UserAccount owner = accounts.register(ownerName, PASSWORD);
        accounts.register(otherName, PASSWORD);
        FaceTemplate template = templates.add(owner.getId(), new float[128], "test-v1", PNG);
        Cookie ownerSession = passwordLogin(ownerName);
        Cookie otherSession = passwordLogin(otherName);
        MvcResult image = mvc.perform(get("/account/labels/" + template.getId()).cookie(ownerSession))
                .andExpect(status().isOk()).andReturn();
        assertThat(image.getResponse().getContentAsByteArray()).isEqualTo(PNG);
        assertThat(image.getResponse().getContentType()).isEqualTo("image/png");
        mvc.perform(get("/account/labels/" + template.getId()).cookie(otherSession)).andExpect(status().isNotFound());

        mvc.perform(post("/account/delete").cookie(ownerSession).with(csrf()).param("password", PASSWORD))
                .andExpect(redirectedUrl("/"));
        assertThat(labels.find(owner.getId(), template.getLabelImage())).isEmpty();
        assertThat(labels.owners()).doesNotContain(owner.getId());
    }

    @Test
    void aLockIsHeldByOneOwnerUntilReleased() {
        String name = "test-lock-" + uniqueName();
        LockConfiguration config = new LockConfiguration(Instant.now(), name, Duration.ofMinutes(5), Duration.ZERO);
        Optional<SimpleLock> first = locks.lock(config);
        assertThat(first).isPresent();
        assertThat(locks.lock(config)).isEmpty();
        first.get().unlock();
        Optional<SimpleLock> again = locks.lock(new LockConfiguration(Instant.now(), name, Duration.ofMinutes(5),
                Duration.ZERO));
        assertThat(again).isPresent();
        again.get().unlock();
    }

    @Test
    void cleanupWhile20ClientsEnrollAndLogInGivesNoErrors() throws Exception {
        Instant t0 = Instant.parse("2050-01-01T00:00:00Z");
        clock.set(t0);
        List<Long> expired = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            expired.add(accounts.register(uniqueName(), PASSWORD).getId());
        }
        for (Long id : expired.subList(0, 20)) {
            templates.add(id, new float[128], "test-v1", null);
        }
        clock.set(t0.plus(Duration.ofHours(24)).plusSeconds(1800));
        List<UserAccount> active = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            active.add(accounts.register(uniqueName(), PASSWORD));
        }
        clock.set(t0.plus(Duration.ofHours(25)));

        int rounds = 4;
        ExecutorService pool = Executors.newFixedThreadPool(21);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger cleanups = new AtomicInteger();
        AtomicInteger usersDeleted = new AtomicInteger();
        List<Future<?>> clients = new ArrayList<>();
        for (UserAccount user : active) {
            clients.add(pool.submit(() -> {
                start.await();
                for (int r = 0; r < rounds; r++) {
                    float[] descriptor = new float[128];
                    descriptor[r] = 1f;
                    templates.replaceAll(user.getId(), List.of(new FaceTemplateStore.NewTemplate(descriptor, null),
                            new FaceTemplateStore.NewTemplate(descriptor, null)), "test-v1");
                    passwordLogin(user.getUsername());
                }
                return null;
            }));
        }
        Future<?> cleaner = pool.submit(() -> {
            start.await();
            while (clients.stream().anyMatch(f -> !f.isDone())) {
                usersDeleted.addAndGet(cleanup.run().usersDeleted());
                cleanups.incrementAndGet();
            }
            return null;
        });
        start.countDown();
        for (Future<?> f : clients) {
            collect(f, failures);
        }
        collect(cleaner, failures);
        pool.shutdown();

        assertThat(failures).as("errors (e.g. \"database is locked\")").isEmpty();
        assertThat(cleanups.get()).isPositive();
        assertThat(usersDeleted.get()).isGreaterThanOrEqualTo(expired.size());
        assertThat(users.findAllById(expired)).isEmpty();
        for (UserAccount user : active) {
            List<FaceTemplate> now = templates.forUser(user.getId());
            assertThat(now).hasSize(2);
            assertThat(now.get(0).getDescriptor()[rounds - 1]).isEqualTo(1f);
        }
    }

    private static void collect(Future<?> future, List<Throwable> failures) throws InterruptedException {
        try {
            future.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            failures.add(e.getCause());
        } catch (TimeoutException e) {
            failures.add(e);
        }
    }

    /**
     * Logs in with the password through the form, as a browser does, and returns the session cookie.
     *
     * @param name user name
     * @return the {@code SESSION} cookie of the new session
     * @throws Exception from MockMvc
     */
    protected Cookie passwordLogin(String name) throws Exception {
        MvcResult result = mvc.perform(post("/login").with(csrf()).param("username", name).param("password", PASSWORD))
                .andExpect(redirectedUrl("/account")).andReturn();
        Cookie cookie = result.getResponse().getCookie("SESSION");
        assertThat(cookie).as("SESSION cookie").isNotNull();
        return cookie;
    }
}
