package io.facegate.instances;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.FaceGateApplication;
import io.facegate.account.AccountService;
import io.facegate.account.FaceTemplateStore;
import io.facegate.account.LabelStore;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import io.facegate.cleanup.CleanupScheduler;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * runs on one instance at a time.
 */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.ENV, matches = ".+",
        disabledReason = "set FACEGATE_TEST_POSTGRES_URL (as .ci/run does) to run the two-instance test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesTest {

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
    void enrollOnOneLogInOnTheOtherAndCleanUpOnceTogether() throws Exception {
        FaceSamples.Person person = FaceSamples.distinctPeople(3, 0.8).get(0); // facing the camera
        Instant t0 = Instant.parse("2061-03-01T12:00:00Z");
        setClocks(t0.plus(Duration.ofHours(23)));

        // Register and set up Face ID on the first instance.
        HttpClient alice = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String name = "twin" + Long.toString(System.nanoTime() % 1_000_000, 36);
        HttpResponse<String> registered = alice.send(HttpRequest.newBuilder(uri(first, "/register"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", csrf(alice, first))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\""
                        + WebTestBase.PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        HttpResponse<String> enrolled = alice.send(multipart(first, "/setupfaceid", csrf(alice, first), true,
                person.png(), person.jpeg(), person.png()), HttpResponse.BodyHandlers.ofString());
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);

        // Face login on the second instance, from a browser that never saw the first.
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
        String boundary = "----facegate-two-instances";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (consent) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"consent\"\r\n\r\ntrue\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
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
