package io.facegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.facegate.FaceGateApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A bad setting stops start-up with one sentence naming the variable and the values it takes (through
 * {@link SettingsFailureAnalyzer}), instead of a stack trace, or instead of starting with the setting ignored.
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
        "facegate.face.gallery-sync-interval=0s         | GALLERY_SYNC_INTERVAL is PT0S",
        "server.tomcat.remoteip.trusted-proxies=garbage | TRUSTED_PROXIES: 'garbage' is not"})
    void aBadSettingStopsStartUpWithOneSentence(String setting, String expected) throws Exception {
        Files.createDirectories(dir);
        SpringApplicationBuilder app = new SpringApplicationBuilder(FaceGateApplication.class)
                .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off");
        Throwable failure = catchThrowable(() -> app.run("--" + setting, "--facegate.cleanup.enabled=false",
                "--facegate.database-url=sqlite:///" + dir.resolve("f.db"),
                "--facegate.labels-dir=" + dir.resolve("labels")).close());
        assertThat(failure).as("start-up with " + setting).isNotNull();
        FailureAnalysis analysis = new SettingsFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of " + failure).isNotNull();
        assertThat(analysis.getDescription()).startsWith(expected).endsWith(".").doesNotContain("\n");
        assertThat(analysis.getAction()).isNotBlank();
    }
}
