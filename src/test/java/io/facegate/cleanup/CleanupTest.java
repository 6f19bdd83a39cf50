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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
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

    /**
     * A database edited by hand (its V9 triggers dropped) holding {@code created_at} in every form: each readable
     * expired row is deleted, each unreadable row is listed in the failures of a 500 answer (after the run has done
     * everything else), a young text row stays, and the account with the unreadable row still logs in.
     */
    @Test
    void everyCreatedAtFormIsDeletedOrListedAndNoLoginAnswers500(@Autowired JdbcTemplate jdbc) throws Exception {
        Instant t0 = Instant.parse("2061-06-01T12:00:00Z");
        clock.set(t0);
        Instant old = t0.minus(Duration.ofHours(25));
        String sqlText = old.toString().replace('T', ' ').replace("Z", "");
        Map<String, Object> expired = new LinkedHashMap<>();
        expired.put("millis", old.toEpochMilli());
        expired.put("seconds", old.getEpochSecond());
        expired.put("isozone", old.toString());
        expired.put("isolocal", old.toString().replace("Z", ""));
        expired.put("sqltext", sqlText);
        expired.put("digits", String.valueOf(old.toEpochMilli()));
        String young = t0.minus(Duration.ofHours(1)).toString().replace('T', ' ').replace("Z", "");
        for (String trigger : List.of("users_created_at_insert", "users_created_at_update")) {
            jdbc.execute("DROP TRIGGER " + trigger);
        }
        List<Long> ids = new ArrayList<>();
        try {
            Map<String, Long> expiredIds = new LinkedHashMap<>();
            for (Map.Entry<String, Object> form : expired.entrySet()) {
                expiredIds.put(form.getKey(), insertUser(jdbc, form.getKey() + uniqueName(), form.getValue()));
            }
            ids.addAll(expiredIds.values());
            long youngId = insertUser(jdbc, "young" + uniqueName(), young);
            long emptyId = insertUser(jdbc, "empty" + uniqueName(), "");
            String garbageName = uniqueName();
            long garbageId = accounts.register(garbageName, PASSWORD).getId();
            jdbc.update("UPDATE users SET created_at = 'garbage' WHERE id = ?", garbageId);
            ids.addAll(List.of(youngId, emptyId, garbageId));

            MvcResult result = mvc.perform(post("/tasks/cleanup").header("X-Task-Token", TASK_TOKEN))
                    .andExpect(status().isInternalServerError()).andReturn();
            JsonNode report = json.readTree(result.getResponse().getContentAsString());
            assertThat(report.get("usersDeleted").asInt()).isGreaterThanOrEqualTo(expired.size());
            for (Map.Entry<String, Long> e : expiredIds.entrySet()) {
                assertThat(users.existsById(e.getValue())).as(e.getKey() + " deleted").isFalse();
            }
            assertThat(users.existsById(youngId)).as("young text row kept").isTrue();
            assertThat(report.get("failures").size()).isEqualTo(2);
            assertThat(report.get("failures").get(0).asString() + report.get("failures").get(1).asString())
                    .contains("account " + emptyId + ": created_at ''").contains("account " + garbageId
                            + ": created_at 'garbage'");

            mvc.perform(post("/login").with(csrf()).param("username", garbageName).param("password", PASSWORD))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(result2 -> assertThat(result2.getResponse().getRedirectedUrl()).doesNotContain("error"));
            assertThat(users.findById(garbageId).orElseThrow().getCreatedAt()).isNull();
        } finally {
            for (Long id : ids) {
                jdbc.update("DELETE FROM users WHERE id = ?", id);
            }
            CreatedAtMigration.TRIGGERS.forEach(jdbc::execute);
        }
        assertThat(runCleanup().get("failures").size()).isZero();
    }

    /**
     * The one CSRF exemption: the original cron line (valid header token, no cookie, no CSRF token) runs the
     * cleanup; the same request with any cookie, or with a wrong token, still needs the CSRF token.
     */
    @Test
    void onlyAHeaderTokenWithoutCookiesSkipsCsrf() throws Exception {
        clock.set(Instant.parse("2062-01-01T00:00:00Z"));
        UserAccount old = accounts.register(uniqueName(), PASSWORD);
        clock.advance(Duration.ofHours(25));
        mvc.perform(post("/tasks/cleanup").header("X-Task-Token", TASK_TOKEN)
                        .cookie(new jakarta.servlet.http.Cookie("JSESSIONID", "victim-session")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/tasks/cleanup").header("X-Task-Token", TASK_TOKEN)
                        .cookie(new jakarta.servlet.http.Cookie("remember-me", "abc")))
                .andExpect(status().isForbidden());
        // Without cookies the token is the only authentication: a wrong or missing one is 401, not a CSRF error.
        mvc.perform(post("/tasks/cleanup").header("X-Task-Token", TASK_TOKEN + "x"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("invalid_token"));
        mvc.perform(post("/tasks/cleanup")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("invalid_token"));
        assertThat(users.findById(old.getId())).as("nothing ran").isPresent();
        // A cookie-authenticated POST elsewhere still needs CSRF even with the operator header.
        mvc.perform(post("/account/faceid/delete").session(register(uniqueName())).header("X-Task-Token", TASK_TOKEN))
                .andExpect(status().isForbidden());

        mvc.perform(post("/tasks/cleanup").header("X-Task-Token", TASK_TOKEN)).andExpect(status().isOk());
        assertThat(users.findById(old.getId())).isEmpty();
    }

    private static long insertUser(JdbcTemplate jdbc, String name, Object createdAt) {
        String key = name.toLowerCase(java.util.Locale.ROOT);
        jdbc.update("INSERT INTO users (username, username_key, password_hash, created_at) VALUES (?, ?, 'x', ?)",
                name, key, createdAt);
        return jdbc.queryForObject("SELECT id FROM users WHERE username_key = ?", Long.class, key);
    }

    private JsonNode runCleanup() throws Exception {
        MvcResult result = mvc.perform(post("/tasks/cleanup").with(csrf()).header("X-Task-Token", TASK_TOKEN))
                .andExpect(status().isOk()).andReturn();
        return json.readTree(result.getResponse().getContentAsString());
    }
}
