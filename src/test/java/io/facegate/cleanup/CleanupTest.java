package io.facegate.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.account.AccountService;
import io.facegate.account.FaceTemplateStore;
import io.facegate.account.UserAccount;
import io.facegate.support.WebTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CleanupTest extends WebTestBase {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3};

    @Autowired
    AccountService accounts;
    @Autowired
    FaceTemplateStore templates;
    @Autowired
    JsonMapper json;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void wrongOrMissingTokenIsRefusedAndDeletesNothing() throws Exception {
        clock.set(Instant.parse("2031-01-01T00:00:00Z"));
        UserAccount old = accounts.register(uniqueName(), PASSWORD);
        clock.advance(Duration.ofDays(30));
        mvc.perform(post("/tasks/cleanup").with(csrf()))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("invalid_token"));
        mvc.perform(post("/tasks/cleanup").with(csrf()).header("X-Task-Token", TASK_TOKEN + "x"))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/tasks/cleanup").with(csrf()).header("X-Task-Token", ""))
                .andExpect(status().isUnauthorized());
        assertThat(users.findById(old.getId())).isPresent();
    }

    @ParameterizedTest(name = "JVM default time zone {0}")
    @CsvSource({"UTC, 2032-03-14T05:30:00Z", "America/New_York, 2032-11-07T04:30:00Z",
            "Asia/Kolkata, 2033-03-13T05:30:00Z"})
    void deletesAccountsOlderThan24HoursWithTheirTemplatesAndFolders(String zone, Instant t0) throws Exception {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        try {
            clock.set(t0);
            UserAccount old = accounts.register(uniqueName(), PASSWORD);
            templates.add(old.getId(), new float[128], "test-v1", PNG);
            clock.set(t0.plus(Duration.ofHours(2)));
            UserAccount young = accounts.register(uniqueName(), PASSWORD);
            templates.add(young.getId(), new float[128], "test-v1", PNG);
            assertThat(users.findById(young.getId()).orElseThrow().getCreatedAt()).isEqualTo(t0.plus(Duration.ofHours(2)));

            clock.set(t0.plus(Duration.ofHours(25))); // old: 25 h, young: 23 h
            JsonNode first = runCleanup();
            assertThat(first.get("usersDeleted").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(first.get("templatesDeleted").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(first.get("cutoff").asString()).isEqualTo(t0.plus(Duration.ofHours(1)).toString());
            assertThat(users.findById(old.getId())).isEmpty();
            assertThat(templates.forUser(old.getId())).isEmpty();
            assertThat(labelsRoot().resolve(old.getId().toString())).doesNotExist();
            assertThat(users.findById(young.getId())).isPresent();
            assertThat(templates.forUser(young.getId())).hasSize(1);
            assertThat(labelsRoot().resolve(young.getId().toString())).isDirectory();

            JsonNode second = runCleanup();
            assertThat(second.get("usersDeleted").asInt()).isZero();
            assertThat(second.get("templatesDeleted").asInt()).isZero();
            assertThat(second.get("foldersDeleted").asInt()).isZero();
            assertThat(second.get("orphanFoldersDeleted").asInt()).isZero();

            clock.advance(Duration.ofHours(2)); // young: 25 h
            runCleanup();
            assertThat(users.findById(young.getId())).isEmpty();
            assertThat(labelsRoot().resolve(young.getId().toString())).doesNotExist();
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void aLabelFolderWithoutAccountIsRemovedByTheNextRun() throws Exception {
        Path orphan = labelsRoot().resolve("987654321");
        Files.createDirectories(orphan.resolve("nested"));
        Files.write(orphan.resolve("nested/a.png"), PNG);
        Path unrelated = Files.createDirectories(labelsRoot().resolve("not-a-user"));
        JsonNode report = runCleanup();
        assertThat(report.get("orphanFoldersDeleted").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(report.get("failures").size()).isZero();
        assertThat(orphan).doesNotExist();
        assertThat(unrelated).isDirectory();
    }

    private JsonNode runCleanup() throws Exception {
        MvcResult result = mvc.perform(post("/tasks/cleanup").with(csrf()).header("X-Task-Token", TASK_TOKEN))
                .andExpect(status().isOk()).andReturn();
        return json.readTree(result.getResponse().getContentAsString());
    }
}
