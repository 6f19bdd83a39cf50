package io.facegate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.support.WebTestBase;
import io.facegate.web.ApiException;
import io.facegate.web.Flash;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

class RegistrationTest extends WebTestBase {

    @Autowired
    FaceTemplateStore templates;

    private String json(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    @Test
    void usernamesAreUniqueIgnoringCase() throws Exception {
        String name = uniqueName();
        register(name);
        mvc.perform(post("/register").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(json(name.toUpperCase(), PASSWORD)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("username_taken"));
        UserAccount stored = users.findByUsernameKey(name.toLowerCase()).orElseThrow();
        assertThat(stored.getUsername()).isEqualTo(name);
        assertThat(stored.getPasswordHash()).startsWith("{pbkdf2").doesNotContain(PASSWORD);
    }

    @Autowired
    AccountService accounts;

    @Test
    void concurrentRegistrationsOfOneNameLetExactlyOneWin() throws Exception {
        String name = uniqueName();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String variant = i % 2 == 0 ? name : name.toUpperCase();
            results.add(pool.submit(() -> {
                start.await();
                try {
                    accounts.register(variant, PASSWORD);
                    return "ok";
                } catch (ApiException e) {
                    return e.code();
                }
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (var r : results) {
            outcomes.add(r.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(outcomes).containsOnly("ok", "username_taken");
        assertThat(outcomes.stream().filter("ok"::equals).count()).isEqualTo(1);
    }

    @Test
    void refusalsAreJsonForScriptsAndFlashForPages() throws Exception {
        mvc.perform(post("/register").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(json("a", PASSWORD)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("invalid_username"));
        mvc.perform(post("/register").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(json(uniqueName(), "password1")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("weak_password"));
        // Form post asking for JSON gets JSON too.
        mvc.perform(post("/register").with(csrf()).accept(MediaType.APPLICATION_JSON)
                        .param("username", uniqueName()).param("password", "short"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("weak_password"));
        String name = uniqueName();
        mvc.perform(post("/register").with(csrf()).param("username", name).param("password", "qwertyuiop"))
                .andExpect(redirectedUrl("/register"))
                .andExpect(flash().attribute("flash", new Flash("error",
                        "This password is among the most common ones and easy to guess; choose another.")))
                .andExpect(flash().attribute("username", name));
        assertThat(users.findByUsernameKey(name.toLowerCase())).isEmpty();
    }

    @Test
    void changePasswordNeedsTheCurrentOneAndFollowsTheRules() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        mvc.perform(post("/account/password").session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"currentPassword\":\"not mine at all\",\"newPassword\":\"a new passphrase\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("wrong_password"));
        mvc.perform(post("/account/password").session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"password123\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("weak_password"));
        mvc.perform(post("/account/password").session(session).with(csrf())
                        .param("currentPassword", PASSWORD).param("newPassword", "a new passphrase"))
                .andExpect(redirectedUrl("/account"));
        mvc.perform(post("/login").with(csrf()).param("username", name).param("password", PASSWORD))
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(post("/login").with(csrf()).param("username", name).param("password", "a new passphrase"))
                .andExpect(redirectedUrl("/account"));
    }

    @Test
    void deletingMyAccountRemovesRowsAndFolderAndEndsTheSession() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        long id = principal(name).getId();
        templates.add(id, new float[128], "test-v1", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1});
        assertThat(Files.isDirectory(labelsRoot().resolve(Long.toString(id)))).isTrue();
        mvc.perform(post("/account/delete").session(session).with(csrf()).param("password", "wrong password"))
                .andExpect(redirectedUrl("/account"));
        assertThat(users.findById(id)).isPresent();
        mvc.perform(post("/account/delete").session(session).with(csrf()).param("password", PASSWORD))
                .andExpect(redirectedUrl("/"));
        assertThat(users.findById(id)).isEmpty();
        assertThat(templates.forUser(id)).isEmpty();
        assertThat(labelsRoot().resolve(Long.toString(id))).doesNotExist();
        assertThat(session.isInvalid()).isTrue();
        mvc.perform(get("/account").session(new MockHttpSession())).andExpect(redirectedUrl("/login"));
    }
}
