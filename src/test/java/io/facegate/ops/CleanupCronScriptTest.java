package io.facegate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.account.AccountService;
import io.facegate.account.UserAccount;
import io.facegate.support.WebTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code scripts/cleanup-cron.sh} (the hourly cron job of render.yaml) against a real server: CSRF, token, cleanup. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CleanupCronScriptTest extends WebTestBase {

    @LocalServerPort
    int port;
    @Autowired
    AccountService accounts;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theCronScriptRunsTheCleanup() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        clock.set(Instant.parse("2070-01-01T00:00:00Z"));
        UserAccount old = accounts.register(uniqueName(), PASSWORD);
        clock.advance(Duration.ofHours(25));

        Result wrong = run(TASK_TOKEN + "x");
        assertThat(wrong.exit()).isNotZero();
        assertThat(users.findById(old.getId())).isPresent();

        Result ok = run(TASK_TOKEN);
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("\"usersDeleted\":");
        assertThat(users.findById(old.getId())).isEmpty();
    }

    private record Result(int exit, String output) {
    }

    private Result run(String token) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/cleanup-cron.sh").redirectErrorStream(true);
        builder.environment().put("APP_URL", "http://127.0.0.1:" + port);
        builder.environment().put("TASK_TOKEN", token);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
