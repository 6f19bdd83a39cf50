package io.facegate.instances;

import static io.facegate.testsupport.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.FaceGateApplication;
import io.facegate.account.AccountService;
import io.facegate.account.EnrolledGallery;
import io.facegate.account.FaceTemplate;
import io.facegate.account.GallerySync;
import io.facegate.account.FaceTemplateStore;
import io.facegate.account.LabelStore;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import io.facegate.cleanup.CleanupScheduler;
import io.facegate.face.FrameAnalyzer;
import io.facegate.support.MutableClock;
import io.facegate.support.PostgresTestDatabase;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of the whole application (each its own Spring context and Tomcat on a random port, as two
 * processes behind a load balancer would be) on one PostgreSQL schema, sessions and label images in the database:
 * Face ID set up on the first, face login on the second, each one's session cookie accepted by the other; both
 * run the cleanup at the same moment and every expired account is deleted exactly once; the scheduled cleanup
 * runs on one instance at a time. Each instance's in-memory face gallery hears of Face ID set up or removed on the
 * other within a few seconds, a match is confirmed against the database meanwhile, and change rows that commit out
 * of id order are not lost. The cleanup test runs first: it counts every account it deletes.
 */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.ENV, matches = ".+",
        disabledReason = "set FACEGATE_TEST_POSTGRES_URL (as .ci/run does) to run the two-instance test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesTest {

    /**
     * How long an instance may take to hear of the other's changes: 10 s, five default sync intervals (2 s); the
     * instances here poll every 250 ms ({@code start}), so each wait below lasts a quarter of a second, not two.
     */
    private static final Duration SOON = Duration.ofSeconds(10);

    private static final String TOKEN = "two-instances-token-0123456789";

    private final JsonMapper json = JsonMapper.builder().build();
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    @BeforeAll
    void startTwoInstances() {
        String url = PostgresTestDatabase.freshSchema("twoinst");
        first = start(url);
        second = start(url);
    }

    @AfterAll
    void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {second, first}) {
            if (context != null) {
                context.close();
            }
        }
    }

    private static ConfigurableApplicationContext start(String databaseUrl) {
        return new SpringApplicationBuilder(FaceGateApplication.class, WebTestBase.ClockConfig.class)
                .run("--server.port=0", "--facegate.database-url=" + databaseUrl, "--facegate.labels-store=db",
                        "--facegate.task-token=" + TOKEN, "--facegate.secret-key=shared-secret-of-both-instances",
                        "--facegate.password.pbkdf2-iterations=1000", "--facegate.cleanup.enabled=true",
                        "--facegate.cleanup.initial-delay=PT1H", "--spring.main.banner-mode=off",
                        "--facegate.face.gallery-sync-interval=250ms",
                        // Single-frame face login: the challenge has its own tests (LivenessAttackTest).
                        "--facegate.liveness=off");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static URI uri(ConfigurableApplicationContext context, String path) {
        return URI.create("http://127.0.0.1:" + port(context) + path);
    }

    private void setClocks(Instant now) {
        first.getBean(MutableClock.class).set(now);
        second.getBean(MutableClock.class).set(now);
    }

    @Test
    @Order(1)
    void enrollOnOneLogInOnTheOtherAndCleanUpOnceTogether() throws Exception {
        FaceSamples.Person person = FaceSamples.distinctPeople(3, 0.8).get(0); // facing the camera
        Instant t0 = Instant.parse("2061-03-01T12:00:00Z");
        setClocks(t0.plus(Duration.ofHours(23)));

        // Register and set up Face ID on the first instance.
        HttpClient alice = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String name = "twin" + Long.toString(System.nanoTime() % 1_000_000, 36);
        HttpResponse<String> registered = register(alice, first, name);
        HttpResponse<String> enrolled = alice.send(multipart(first, "/setupfaceid", csrf(alice, first), true,
                person.shot(0), person.shot(1), person.shot(2)), HttpResponse.BodyHandlers.ofString());
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);

        // Face login on the second instance, from a browser that never saw the first, once its in-memory gallery
        // has heard of the enrollment (within seconds).
        long enrolledId = second.getBean(UserRepository.class).findByUsernameKey(UserAccount.keyOf(name)).orElseThrow()
                .getId();
        within(SOON, "the second instance's gallery has the enrollment",
                () -> second.getBean(EnrolledGallery.class).templates(enrolledId).size() == 3);
        HttpClient device = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> login = device.send(multipart(second, "/face-login", csrf(device, second), false,
                person.jpeg()), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(json.readTree(login.body()).get("username").asString()).isEqualTo(name);
        String sessionFromSecond = sessionCookie(login);

        // Each instance accepts the other's session.
        assertThat(accountName(first, sessionFromSecond)).isEqualTo(name);
        assertThat(accountName(second, sessionFromSecond)).isEqualTo(name);
        String sessionFromFirst = sessionCookie(registered);
        assertThat(accountName(second, sessionFromFirst)).isEqualTo(name);
        assertThat(accountName(first, "not-a-session")).isNull();

        // Expired accounts, some with templates and label images, made at t0; the registered one is 23 h old.
        setClocks(t0);
        AccountService accounts = first.getBean(AccountService.class);
        FaceTemplateStore templates = first.getBean(FaceTemplateStore.class);
        List<Long> expired = new ArrayList<>();
        int templateCount = 0;
        for (int i = 0; i < 30; i++) {
            UserAccount account = accounts.register("old" + i + "_" + name, WebTestBase.PASSWORD);
            expired.add(account.getId());
            for (int t = 0; t < i % 3; t++) {
                templates.add(account.getId(), new float[128], "test-v1", person.png());
                templateCount++;
            }
        }
        setClocks(t0.plus(Duration.ofHours(24)).plusSeconds(60));

        // Both instances run the cleanup at the same moment.
        HttpClient operator = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String csrfFirst = csrf(operator, first);
        HttpClient operator2 = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String csrfSecond = csrf(operator2, second);
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<JsonNode> a = CompletableFuture.supplyAsync(() -> cleanup(operator, first, csrfFirst, together));
        CompletableFuture<JsonNode> b = CompletableFuture.supplyAsync(() -> cleanup(operator2, second, csrfSecond, together));
        JsonNode ra = a.get(60, TimeUnit.SECONDS);
        JsonNode rb = b.get(60, TimeUnit.SECONDS);
        assertThat(ra.get("usersDeleted").asInt() + rb.get("usersDeleted").asInt()).isEqualTo(expired.size());
        assertThat(ra.get("templatesDeleted").asLong() + rb.get("templatesDeleted").asLong()).isEqualTo(templateCount);
        assertThat(ra.get("failures").size() + rb.get("failures").size()).isZero();
        UserRepository users = second.getBean(UserRepository.class);
        assertThat(users.findAllById(expired)).isEmpty();
        JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM label_images", Long.class))
                .as("only the registered user's 3 label images are left").isEqualTo(3);
        assertThat(accountName(first, sessionFromSecond)).as("the young account and its session stay").isEqualTo(name);

        // The scheduled cleanup runs on one instance at a time: the second skips its turn while the first
        // holds the lock (at least 1 minute).
        setClocks(t0.plus(Duration.ofHours(1)));
        long late1 = accounts.register("late1_" + name, WebTestBase.PASSWORD).getId();
        setClocks(t0.plus(Duration.ofHours(30)));
        first.getBean(CleanupScheduler.class).run();
        assertThat(users.findById(late1)).isEmpty();
        setClocks(t0.plus(Duration.ofHours(1)));
        long late2 = accounts.register("late2_" + name, WebTestBase.PASSWORD).getId();
        setClocks(t0.plus(Duration.ofHours(30)));
        second.getBean(CleanupScheduler.class).run();
        assertThat(users.findById(late2)).as("skipped: the lock is held").isPresent();
        assertThat(second.getBean(LabelStore.class).owners()).doesNotContain(late1, late2);
    }

    @Test
    @Order(2)
    void faceIdChangesReachTheOtherGalleryWithinSecondsAndTheDatabaseDecidesMeanwhile() throws Exception {
        first.getBean(MutableClock.class).reset();
        second.getBean(MutableClock.class).reset();
        FaceSamples.Person person = FaceSamples.distinctPeople(3, 0.8).get(1);
        EnrolledGallery galleryA = first.getBean(EnrolledGallery.class);
        EnrolledGallery galleryB = second.getBean(EnrolledGallery.class);

        HttpClient bob = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String name = "sync" + Long.toString(System.nanoTime() % 1_000_000, 36);
        register(bob, first, name);
        long id = second.getBean(UserRepository.class).findByUsernameKey(UserAccount.keyOf(name)).orElseThrow().getId();

        // Set up on A: A's gallery has it at once, B's within seconds, and a face login on B works.
        enroll(bob, person);
        assertThat(galleryA.templates(id)).hasSize(3);
        within(SOON, "B's gallery has the 3 templates set up on A", () -> galleryB.templates(id).size() == 3);
        assertThat(faceLogin(second, person, null)).isEqualTo(200);

        // Removed on A: B's gallery drops it within seconds, and B no longer logs the face in.
        assertThat(removeFaceId(bob)).isEqualTo(200);
        assertThat(galleryA.templates(id)).isEmpty();
        within(SOON, "B's gallery drops the templates removed on A", () -> galleryB.templates(id).isEmpty());
        assertThat(faceLogin(second, person, null)).isEqualTo(401);

        // The window before B hears of a removal (its sync held back): the database confirmation refuses.
        enroll(bob, person);
        within(SOON, "B's gallery has the templates set up again", () -> galleryB.templates(id).size() == 3);
        GallerySync syncB = second.getBean(GallerySync.class);
        syncB.stop();
        try {
            assertThat(removeFaceId(bob)).isEqualTo(200);
            assertThat(galleryB.templates(id)).as("B has not heard of the removal").hasSize(3);
            float[] probe = ((FrameAnalyzer.Accepted) second.getBean(FrameAnalyzer.class).analyze(person.jpeg()))
                    .face().descriptor();
            assertThat(galleryB.identify(probe).userId())
                    .as("B's gallery alone would still match").contains(String.valueOf(id));
            assertThat(faceLogin(second, person, null)).as("1:N on B").isEqualTo(401);
            assertThat(faceLogin(second, person, name)).as("1:1 on B").isEqualTo(401);
            assertThat(galleryB.templates(id)).as("refused by the database, not by a sync").hasSize(3);
        } finally {
            syncB.start();
        }
        within(SOON, "B's gallery drops them once it syncs", () -> galleryB.templates(id).isEmpty());

        HttpResponse<String> deleted = bob.send(HttpRequest.newBuilder(uri(first, "/account/delete"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", csrf(bob, first))
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + WebTestBase.PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void changesCommittedOutOfIdOrderOnPostgresqlAreNotLost() throws Exception {
        first.getBean(MutableClock.class).reset();
        second.getBean(MutableClock.class).reset();
        AccountService accounts = first.getBean(AccountService.class);
        long slowUser = accounts.register("slow" + Long.toString(System.nanoTime() % 1_000_000, 36),
                WebTestBase.PASSWORD).getId();
        long quickUser = accounts.register("quick" + Long.toString(System.nanoTime() % 1_000_000, 36),
                WebTestBase.PASSWORD).getId();
        EnrolledGallery galleryA = first.getBean(EnrolledGallery.class);
        EnrolledGallery galleryB = second.getBean(EnrolledGallery.class);
        String version = galleryB.pipelineVersion();
        DataSource database = second.getBean(DataSource.class);
        try (Connection slow = database.getConnection(); Connection quick = database.getConnection()) {
            slow.setAutoCommit(false);
            long slowId = writeTemplateAndChange(slow, slowUser, axis(20), version);
            long quickId = writeTemplateAndChange(quick, quickUser, axis(21), version);
            assertThat(slowId).as("the slow transaction took the smaller id").isLessThan(quickId);

            within(SOON, "both galleries read the larger id", () -> galleryA.templates(quickUser).size() == 1
                    && galleryB.templates(quickUser).size() == 1);
            assertThat(galleryB.templates(slowUser)).isEmpty();
            slow.commit();
        }
        within(SOON, "both galleries read the smaller id committed later", () -> galleryA.templates(slowUser).size() == 1
                && galleryB.templates(slowUser).size() == 1);
        assertThat(galleryB.verify(slowUser, axis(20)).match()).isTrue();
        accounts.removeFaceId(slowUser);
        accounts.removeFaceId(quickUser);
        within(SOON, "B drops them", () -> galleryB.templates(slowUser).isEmpty() && galleryB.templates(quickUser).isEmpty());
    }

    /** Inserts one template row and its change row on a connection, as another instance's transaction would. */
    private static long writeTemplateAndChange(Connection connection, long userId, float[] descriptor, String version)
            throws Exception {
        try (PreparedStatement template = connection.prepareStatement("INSERT INTO face_templates (user_id, descriptor,"
                + " pipeline_version, created_at) VALUES (?, ?, ?, ?)");
             PreparedStatement change = connection.prepareStatement(
                     "INSERT INTO gallery_changes (user_id, changed_at) VALUES (?, ?) RETURNING id")) {
            template.setLong(1, userId);
            template.setBytes(2, FaceTemplate.encode(descriptor));
            template.setString(3, version);
            template.setTimestamp(4, Timestamp.from(Instant.now()));
            template.executeUpdate();
            change.setLong(1, userId);
            change.setLong(2, System.currentTimeMillis());
            try (ResultSet id = change.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        }
    }

    private static float[] axis(int i) {
        float[] d = new float[128];
        d[i] = 1f;
        return d;
    }

    private void enroll(HttpClient client, FaceSamples.Person person) throws Exception {
        HttpResponse<String> enrolled = client.send(multipart(first, "/setupfaceid", csrf(client, first), true,
                person.shot(0), person.shot(1), person.shot(2)), HttpResponse.BodyHandlers.ofString());
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
    }

    private int removeFaceId(HttpClient client) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(first, "/account/faceid/delete"))
                .header("Accept", "application/json").header("X-CSRF-TOKEN", csrf(client, first))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    /** @return the status of a single-frame face login on an instance, from a browser new to it */
    private int faceLogin(ConfigurableApplicationContext instance, FaceSamples.Person person, String username)
            throws Exception {
        HttpClient device = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpRequest request = username == null
                ? multipart(instance, "/face-login", csrf(device, instance), false, person.jpeg())
                : multipart(instance, "/face-login", csrf(device, instance), false, username, person.jpeg());
        return device.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private JsonNode cleanup(HttpClient client, ConfigurableApplicationContext instance, String csrf,
                             CyclicBarrier together) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri(instance, "/tasks/cleanup"))
                    .header("X-Task-Token", TOKEN).header("X-CSRF-TOKEN", csrf).header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            together.await(30, TimeUnit.SECONDS);
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return json.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers {@code name} on {@code instance} through the HTTP API; asserts 201. */
    private HttpResponse<String> register(HttpClient client, ConfigurableApplicationContext instance, String name)
            throws Exception {
        HttpResponse<String> registered = client.send(HttpRequest.newBuilder(uri(instance, "/register"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", csrf(client, instance))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\""
                        + WebTestBase.PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return registered;
    }

    private String csrf(HttpClient client, ConfigurableApplicationContext instance) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(instance, "/api/csrf")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body()).get("token").asString();
    }

    /** @return the user name {@code GET /account} shows with only that session cookie, or null when refused */
    private String accountName(ConfigurableApplicationContext instance, String session) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(instance, "/account"))
                .header("Cookie", "SESSION=" + session).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? json.readTree(r.body()).get("username").asString() : null;
    }

    private static String sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .map(c -> c.substring("SESSION=".length(), c.indexOf(';')))
                .reduce((x, y) -> y)
                .orElseThrow(() -> new AssertionError("no SESSION cookie in " + response.headers().map()));
    }

    private static HttpRequest multipart(ConfigurableApplicationContext instance, String path, String csrf,
                                         boolean consent, byte[]... frames) {
        return multipart(instance, path, csrf, consent, null, frames);
    }

    private static HttpRequest multipart(ConfigurableApplicationContext instance, String path, String csrf,
                                         boolean consent, String username, byte[]... frames) {
        String boundary = "----facegate-two-instances";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (consent) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"consent\"\r\n\r\ntrue\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        if (username != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n" + username
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < frames.length; i++) {
            boolean png = frames[i][0] == (byte) 0x89;
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"frames\"; filename=\"f" + i
                    + (png ? ".png" : ".jpg") + "\"\r\nContent-Type: " + (png ? "image/png" : "image/jpeg")
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(frames[i]);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return HttpRequest.newBuilder(uri(instance, path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json").header("X-CSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }
}
