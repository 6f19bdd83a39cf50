package io.facegate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.account.AccountService;
import io.facegate.account.EnrolledGallery;
import io.facegate.account.FaceTemplateStore;
import io.facegate.support.WebTestBase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;

/** Health with its components, and the Prometheus metrics behind the operator token. */
@TestPropertySource(properties = "facegate.liveness=off") // single-frame face login reaches the engine timer
class OpsTest extends WebTestBase {

    @Test
    void healthShowsDatabaseAndModels() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.db.status").value("UP"))
                .andExpect(jsonPath("$.components.models.status").value("UP"))
                .andExpect(jsonPath("$.components.models.details").doesNotExist());
    }

    @Test
    void metricsNeedTheOperatorTokenAndCountLoginsEngineAndCleanup() throws Exception {
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("invalid_token"));
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer wrong")).andExpect(status().isUnauthorized());

        String name = uniqueName();
        register(name);
        mvc.perform(post("/login").with(csrf()).param("username", name).param("password", "not the password"));
        mvc.perform(post("/login").with(csrf()).param("username", name).param("password", PASSWORD));
        mvc.perform(multipart("/face-login").file(new MockMultipartFile("frames", "f.png", "image/png",
                tinyPng())).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(post("/tasks/cleanup").with(csrf()).header("X-Task-Token", TASK_TOKEN)).andExpect(status().isOk());

        String text = mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + TASK_TOKEN))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(text).containsPattern("facegate_login_attempts_total\\{[^}]*method=\"password\",outcome=\"failure\"[^}]*} [1-9]");
        assertThat(text).containsPattern("facegate_login_attempts_total\\{[^}]*method=\"password\",outcome=\"success\"[^}]*} [1-9]");
        assertThat(text).containsPattern("facegate_login_attempts_total\\{[^}]*method=\"face\",outcome=\"failure\"[^}]*} [1-9]");
        assertThat(text).containsPattern("facegate_face_engine_seconds_count\\{[^}]*operation=\"identify\"[^}]*} [1-9]");
        assertThat(text).contains("facegate_face_engine_seconds_bucket");
        assertThat(text).containsPattern("facegate_cleanup_runs_total(\\{[^}]*})? [1-9]");
        assertThat(text).containsPattern("facegate_cleanup_deleted_total\\{[^}]*what=\"users\"");
        assertThat(text).containsPattern("facegate_face_templates(\\{[^}]*})? [0-9]");
        mvc.perform(get("/actuator/prometheus").header("X-Task-Token", TASK_TOKEN)).andExpect(status().isOk());
    }

    @Test
    void gaugesShowTheSizeOfThisInstancesGallery(@Autowired AccountService accounts, @Autowired FaceTemplateStore store,
                                                 @Autowired EnrolledGallery gallery) throws Exception {
        removeEveryFaceId();
        long first = accounts.register(uniqueName(), PASSWORD).getId();
        long second = accounts.register(uniqueName(), PASSWORD).getId();
        float[] a = new float[128];
        a[0] = 1f;
        float[] b = new float[128];
        b[1] = 1f;
        store.add(first, a, gallery.pipelineVersion(), null);
        store.add(first, b, gallery.pipelineVersion(), null);
        store.add(second, a, gallery.pipelineVersion(), null);
        store.add(second, b, "another-pipeline", null); // not comparable: not in the gallery

        String text = mvc.perform(get("/actuator/prometheus").header("X-Task-Token", TASK_TOKEN))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(text).containsPattern("(?m)^facegate_face_gallery_users(\\{[^}]*})? 2\\.0$");
        assertThat(text).containsPattern("(?m)^facegate_face_gallery_templates(\\{[^}]*})? 3\\.0$");
        assertThat(text).containsPattern("(?m)^facegate_face_templates(\\{[^}]*})? 4\\.0$");
        removeEveryFaceId();
    }

    private static byte[] tinyPng() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
