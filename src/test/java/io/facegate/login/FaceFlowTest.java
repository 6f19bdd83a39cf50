package io.facegate.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.account.AccountService;
import io.facegate.account.FaceEnrollment.EnrollmentResult;
import io.facegate.account.FaceTemplateRepository;
import io.facegate.account.FaceTemplateStore;
import io.facegate.account.LabelStore;
import io.facegate.account.UserAccount;
import io.facegate.cleanup.CleanupReport;
import io.facegate.cleanup.CleanupService;
import io.facegate.config.FaceGateProperties;
import io.facegate.login.FaceVerification.FaceMatch;
import io.facegate.support.ScriptedFaceEngine;
import io.facegate.support.WebTestBase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

/** Face endpoints with a scripted engine, on a server where TASK_TOKEN is not configured. */
@Import(FaceFlowTest.Engine.class)
@TestPropertySource(properties = "facegate.task-token=")
class FaceFlowTest extends WebTestBase {

    static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0};

    @TestConfiguration(proxyBeanMethods = false)
    static class Engine {
        @Bean
        ScriptedFaceEngine scriptedFaceEngine(FaceTemplateStore store) {
            return new ScriptedFaceEngine(store);
        }
    }

    @Autowired
    ScriptedFaceEngine engine;
    @Autowired
    AccountService accounts;
    @Autowired
    FaceTemplateStore templates;

    @AfterEach
    void reset() {
        engine.answer(u -> FaceMatch.noMatch(0.9));
        engine.enrollAnswer(null);
        clock.reset();
    }

    static MockMultipartFile frame() {
        return new MockMultipartFile("frames", "frame.jpg", "image/jpeg", JPEG);
    }

    @Test
    void enrollmentNeedsConsentThenStoresTemplatesAndLabelImages() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        long id = principal(name).getId();
        mvc.perform(multipart("/setupfaceid").file(frame()).session(session).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("consent_required"));
        mvc.perform(multipart("/setupfaceid").file(frame()).file(frame()).param("consent", "true").session(session)
                        .with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.templatesStored").value(2))
                .andExpect(jsonPath("$.redirect").value("/account"));
        assertThat(templates.forUser(id)).hasSize(2);
        String file = templates.forUser(id).get(0).getLabelImage();
        assertThat(file).endsWith(".jpg");
        assertThat(labelsRoot().resolve(id + "/" + file)).hasBinaryContent(JPEG);
        mvc.perform(get("/account").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("/account/labels/" + templates.forUser(id).get(0).getId())))
                .andExpect(content().string(containsString("Remove Face ID")));
        // The page form (no JSON) gets a flash and a redirect.
        mvc.perform(multipart("/setupfaceid").file(frame()).param("consent", "on").session(session).with(csrf()))
                .andExpect(redirectedUrl("/account"))
                .andExpect(flash().attributeExists("flash"));
        // Remove Face ID: rows and folder go.
        mvc.perform(post("/account/faceid/delete").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.deleted").value(3));
        assertThat(templates.forUser(id)).isEmpty();
        assertThat(labelsRoot().resolve(Long.toString(id))).doesNotExist();
    }

    @Test
    void badFramesAreRefusedBeforeTheEngine() throws Exception {
        MockHttpSession session = register(uniqueName());
        mvc.perform(multipart("/setupfaceid").param("consent", "true").session(session).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("no_frames"));
        mvc.perform(multipart("/face-login").file(new MockMultipartFile("frames", "x.jpg", "image/jpeg",
                        "<html>not an image</html>".getBytes())).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnsupportedMediaType()).andExpect(jsonPath("$.error").value("unsupported_image"));
        var tooMany = multipart("/face-login");
        for (int i = 0; i < 6; i++) {
            tooMany.file(frame());
        }
        mvc.perform(tooMany.with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("too_many_frames"));
    }

    @Test
    void engineRefusalIs422WithItsReasonCode() throws Exception {
        MockHttpSession session = register(uniqueName());
        engine.enrollAnswer(EnrollmentResult.rejected("multiple_faces", "Only one face may be in the picture."));
        mvc.perform(multipart("/setupfaceid").file(frame()).param("consent", "true").session(session).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value("multiple_faces"))
                .andExpect(jsonPath("$.message").value("Only one face may be in the picture."));
        engine.answer(u -> FaceMatch.rejected("no_face", "No face was found."));
        mvc.perform(multipart("/face-login").file(frame()).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.error").value("no_face"));
    }

    @Test
    void faceMatchLogsInWithANewSessionIdAndNoMatchIs401() throws Exception {
        String name = uniqueName();
        register(name);
        long id = principal(name).getId();

        engine.answer(u -> FaceMatch.noMatch(0.7));
        mvc.perform(multipart("/face-login").file(frame()).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("no_match"))
                .andExpect(jsonPath("$.message").value(LoginController.NO_MATCH));

        engine.answer(u -> FaceMatch.match(id, 0.3));
        MockHttpSession session = new MockHttpSession();
        String before = session.getId();
        MvcResult result = mvc.perform(multipart("/face-login").file(frame()).param("username", " " + name + " ")
                        .session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value(name))
                .andExpect(jsonPath("$.redirect").value("/account"))
                .andReturn();
        assertThat(engine.lastUsername()).isEqualTo(name);
        MockHttpSession after = (MockHttpSession) result.getRequest().getSession(false);
        assertThat(after.getId()).isNotEqualTo(before);
        mvc.perform(get("/account").session(after).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(name));

        // A match for an account deleted meanwhile is no match.
        users.deleteById(id);
        mvc.perform(multipart("/face-login").file(frame()).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("no_match"));
    }

    @Test
    void cleanupEndpointIsClosedWhenNoTaskTokenIsConfigured() throws Exception {
        clock.set(Instant.parse("2035-01-01T00:00:00Z"));
        UserAccount old = accounts.register(uniqueName(), PASSWORD);
        clock.advance(Duration.ofDays(10));
        for (String token : new String[] {null, "", "anything"}) {
            var request = post("/tasks/cleanup").with(csrf());
            if (token != null) {
                request.header("X-Task-Token", token);
            }
            mvc.perform(request).andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.error").value("task_token_not_configured"));
        }
        mvc.perform(get("/api/labels").header("X-Task-Token", "anything"))
                .andExpect(status().isServiceUnavailable());
        assertThat(users.findById(old.getId())).isPresent();
    }

    @Test
    void ttlZeroKeepsAccountsForEver(@Autowired FaceTemplateRepository repo, @Autowired LabelStore labels,
                                     @Autowired TransactionTemplate tx) {
        clock.set(Instant.parse("2036-01-01T00:00:00Z"));
        UserAccount old = accounts.register(uniqueName(), PASSWORD);
        clock.advance(Duration.ofDays(3650));
        FaceGateProperties keepForever = new FaceGateProperties("", "", "", 0, Path.of("unused"),
                new FaceGateProperties.Cleanup(false, Duration.ofHours(1)), new FaceGateProperties.Password(1000),
                new FaceGateProperties.Face(5, 2_000_000));
        CleanupReport report = new CleanupService(users, repo, labels, keepForever, clock, tx).run();
        assertThat(report.usersDeleted()).isZero();
        assertThat(report.cutoff()).isNull();
        assertThat(users.findById(old.getId())).isPresent();
    }
}
