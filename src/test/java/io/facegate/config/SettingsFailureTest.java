package io.facegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.facegate.FaceGateApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A bad setting stops start-up with one sentence naming the variable and the values it takes (through
 * {@link SettingsFailureAnalyzer} or {@link ConversionFailureAnalyzer}), instead of a stack trace, or instead of
 * starting with the setting ignored; and it does so early ({@link EarlySettingsCheck}), before the context's bean
 * definitions are even loaded, so before the database, JPA, the face engine and Tomcat start.
 */
class SettingsFailureTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "facegate.labels-store=s3                       | LABELS_STORE is 's3'",
        "facegate.face.detector=foo                     | FACE_DETECTOR is 'foo'",
        "facegate.face.mode=bad                         | FACE_MODE is 'bad'",
        "facegate.liveness=maybe                        | LIVENESS is 'maybe'",
        "facegate.face.threads=0                        | FACE_THREADS is 0",
        "facegate.account-ttl-hours=-1                  | ACCOUNT_TTL_HOURS is -1",
        "facegate.registrations-per-address=-1          | REGISTRATIONS_PER_ADDRESS is -1; give 0 (no limit)",
        "facegate.oidc.key-retention=PT1M               | OIDC_KEY_RETENTION is PT1M; give more than PT30M",
        "facegate.oidc.key-retention=-P1D               | OIDC_KEY_RETENTION is PT-24H; give more than PT30M",
        "facegate.oidc.key-rotation=PT0S                | OIDC_KEY_ROTATION is PT0S; give a positive duration",
        "facegate.password.pbkdf2-iterations=1          | facegate.password.pbkdf2-iterations (FACEGATE_PASSWORD_PBKDF2_ITERATIONS) is 1; give at least 1000",
        "facegate.face.max-frames=0                     | facegate.face.max-frames (FACEGATE_FACE_MAX_FRAMES) is 0; give the most frames",
        "facegate.face.enroll-frames=9                  | facegate.face.enroll-frames (FACEGATE_FACE_ENROLL_FRAMES) is 9; give 1 to facegate.face.max-frames (5)",
        "facegate.registrations-per-address=many        | REGISTRATIONS_PER_ADDRESS (facegate.registrations-per-address) "
                + "is 'many', which is not a whole number.",
        "facegate.face.gallery-sync-interval=0s         | GALLERY_SYNC_INTERVAL is PT0S",
        "server.tomcat.remoteip.trusted-proxies=garbage | TRUSTED_PROXIES: 'garbage' is not",
        "facegate.cleanup.interval=PT0S                 | CLEANUP_INTERVAL is PT0S; give a positive duration",
        "facegate.cleanup.interval=-PT1H                | CLEANUP_INTERVAL is PT-1H; give a positive duration",
        "facegate.cleanup.interval=hourly               | CLEANUP_INTERVAL (facegate.cleanup.interval) is 'hourly', "
                + "which is not a duration like 30m or PT1H.",
        "facegate.account-ttl-hours=abc                 | ACCOUNT_TTL_HOURS (facegate.account-ttl-hours) is 'abc', "
                + "which is not a whole number.",
        "facegate.cleanup.enabled=maybe                 | CLEANUP_ENABLED (facegate.cleanup.enabled) is 'maybe', "
                + "which is not true or false.",
        "facegate.face.threads=x                        | FACE_THREADS (facegate.face.threads) is 'x', "
                + "which is not a whole number.",
        // Given as the environment variable: the sentence shows the value, not application.properties' placeholder.
        "FACE_THREADS=y                                 | FACE_THREADS (facegate.face.threads) is 'y', "
                + "which is not a whole number.",
        "CLEANUP_INTERVAL=daily                         | CLEANUP_INTERVAL (facegate.cleanup.interval) is 'daily', "
                + "which is not a duration like 30m or PT1H.",
        "facegate.face.gallery-sync-interval=soon       | GALLERY_SYNC_INTERVAL (facegate.face.gallery-sync-interval) "
                + "is 'soon', which is not a duration like 30m or PT1H.",
        "facegate.face.min-score=high                   | facegate.face.min-score is 'high', which is not a number.",
        "TASK_TOKEN=undefined                           | TASK_TOKEN is a placeholder value, which can be guessed; "
                + "set it to at least 24 random characters, e.g. the output of `openssl rand -base64 32`",
        "TASK_TOKEN=null                                | TASK_TOKEN is a placeholder value",
        "facegate.task-token=a                          | TASK_TOKEN is a placeholder value, which can be guessed",
        "facegate.task-token=abc                        | TASK_TOKEN is only 3 characters long, which can be guessed",
        "facegate.task-token=ChangeMe                   | TASK_TOKEN is a placeholder value",
        "facegate.task-token=0123456789abcdefghijklm    | TASK_TOKEN is only 23 characters long",
        "facegate.task-token=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | TASK_TOKEN is a placeholder value",
        "SECRET_KEY=secret                              | SECRET_KEY is a placeholder value, which can be guessed; "
                + "set it to at least 24 random characters",
        "facegate.secret-key=short-key                  | SECRET_KEY is only 9 characters long",
        "TASK_TOKEN=changeme-changeme-changeme          | TASK_TOKEN is made by a pattern (a placeholder word, a "
                + "repeated part or a run of consecutive characters), which can be guessed",
        "TASK_TOKEN=undefinedundefinedundefined         | TASK_TOKEN is made by a pattern",
        "TASK_TOKEN=123456789012345678901234            | TASK_TOKEN is made by a pattern",
        "TASK_TOKEN=abcdefghijklmnopqrstuvwxyz          | TASK_TOKEN is made by a pattern",
        "TASK_TOKEN=your-task-token-goes-here-please    | TASK_TOKEN is made by a pattern",
        "OIDC_KEYS_SECRET=undefined                     | OIDC_KEYS_SECRET is a placeholder value, which can be guessed",
        "OIDC_KEYS_SECRET=short                         | OIDC_KEYS_SECRET is only 5 characters long",
        "WEBAUTHN_RP_ID=127.0.0.1                       | WEBAUTHN_RP_ID (facegate.webauthn.rp-id) is '127.0.0.1'; "
                + "give the domain name the passkeys belong to",
        "WEBAUTHN_RP_ID=https://login.example.org       | WEBAUTHN_RP_ID (facegate.webauthn.rp-id) is "
                + "'https://login.example.org'; give the domain name",
        "WEBAUTHN_ORIGINS=https://evil.example          | WEBAUTHN_ORIGINS (facegate.webauthn.origins) has "
                + "'https://evil.example'; each origin must be https://host",
        "WEBAUTHN_ORIGINS=http://login.example.org      | WEBAUTHN_ORIGINS (facegate.webauthn.origins) has "
                + "'http://login.example.org'; each origin must be https://host",
        "facegate.face.verification-mean-threshold=-1   | facegate.face.verification-mean-threshold (-1.0), "
                + "identification-threshold (0.31) and identification-margin (0.08) must be positive",
        // The settings of the earlier rule, kept in an operator's environment, stop start-up instead of silently
        // meaning something looser: 0.46 to the mean template accepts twice the impostors 0.46 to the nearest did.
        "facegate.face.verification-threshold=0.46      | facegate.face.verification-threshold (0.46) is no longer "
                + "read, because 1:1 now measures the distance to the mean of the account's templates, on another "
                + "scale: remove it, or set facegate.face.verification-mean-threshold (default 0.44) instead.",
        "facegate.face.identification-threshold=0.41    | facegate.face.identification-threshold is 0.41, which looks "
                + "like the earlier nearest-template distance (0.40, 0.41), but it is now a 1:N score (default 0.31) "
                + "that refuses nothing from 0.36 up: remove the line or give a score below 0.36."})
    void aBadSettingStopsStartUpWithOneSentence(String setting, String expected) throws Exception {
        assertOneSentence(start(WebApplicationType.NONE, setting), setting, expected);
    }

    /** Settings read by the web server: the app starts with Tomcat, as in production. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "server.tomcat.remoteip.trusted-proxies=10.0.0.0/33        | TRUSTED_PROXIES: '10.0.0.0/33' is not",
        "server.tomcat.remoteip.trusted-proxies=10.0.0.0/8,fd00::/129 | TRUSTED_PROXIES: 'fd00::/129' is not",
        "server.tomcat.remoteip.trusted-proxies=10.0.0.0/8,fd00:::1/8 | TRUSTED_PROXIES: 'fd00:::1/8' is not",
        "server.port=abc                          | PORT (server.port) is 'abc', which is not a port number.",
        "server.port=99999                        | PORT is 99999; give a TCP port from 1 to 65535",
        "server.servlet.session.timeout=forever   | SESSION_IDLE_TIMEOUT (server.servlet.session.timeout) is "
                + "'forever', which is not a duration like 30m or PT1H.",
        "server.servlet.session.timeout=0s        | SESSION_IDLE_TIMEOUT is PT0S, which would end every session",
        "server.servlet.session.timeout=-1m       | SESSION_IDLE_TIMEOUT is PT-1M, which would end every session"})
    void aBadServerSettingStopsStartUpWithOneSentence(String setting, String expected) throws Exception {
        assertOneSentence(start(WebApplicationType.SERVLET, setting), setting, expected);
    }

    private Throwable start(WebApplicationType type, String setting) throws Exception {
        Files.createDirectories(dir);
        SpringApplicationBuilder app = new SpringApplicationBuilder(FaceGateApplication.class)
                .web(type).properties("spring.main.banner-mode=off")
                .listeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) e -> environment = e.getEnvironment(),
                        (ApplicationListener<ApplicationPreparedEvent>) e -> prepared = true);
        prepared = false;
        List<String> args = new ArrayList<>(List.of("--" + setting,
                "--facegate.database-url=sqlite:///" + dir.resolve("f.db"),
                "--facegate.labels-dir=" + dir.resolve("labels")));
        // A repeated command-line option is joined with a comma, so the setting under test is given only once.
        if (!setting.startsWith("facegate.cleanup.enabled=")) {
            args.add("--facegate.cleanup.enabled=false");
        }
        if (!setting.startsWith("server.port=")) {
            args.add("--server.port=0");
        }
        return catchThrowable(() -> app.run(args.toArray(String[]::new)).close());
    }

    /** The environment of the last start, as Spring Boot hands it to the failure analyzers. */
    private Environment environment;

    /** Whether the last start got as far as loading bean definitions (past {@link EarlySettingsCheck}). */
    private boolean prepared;

    private void assertOneSentence(Throwable failure, String setting, String expected) {
        assertThat(failure).as("start-up with " + setting).isNotNull();
        assertThat(prepared).as("start-up with " + setting + " went past the early check").isFalse();
        // In the order Spring Boot asks them (both are ordered before its own analyzers).
        FailureAnalysis analysis = Stream.<FailureAnalyzer>of(new SettingsFailureAnalyzer(),
                        new ConversionFailureAnalyzer(environment))
                .map(analyzer -> analyzer.analyze(failure)).filter(a -> a != null).findFirst().orElse(null);
        assertThat(analysis).as("analysis of " + failure).isNotNull();
        assertThat(analysis.getDescription()).startsWith(expected).endsWith(".")
                .doesNotContain("\n", "Exception", "Failed to bind", "\tat ");
        assertThat(analysis.getAction()).isNotBlank();
    }
}
