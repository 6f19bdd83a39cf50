package io.facegate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.audit.LoginAudit;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.match.TemplateAdaptation;
import io.facegate.audit.LoginAttemptRepository;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import io.facegate.throttle.AttemptMethod;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;

/**
 * Adaptive templates on the real engine, database and gallery, with real faces ({@link FaceSamples}): what a
 * successful face login may add, what a contested one may not, and that the owner sees and removes a login template
 * everywhere. The rule is {@link TemplateAdaptation#DEFAULT} except novelty 0, so that a second encoding of the
 * enrolled photo counts as a new frame (a camera would give a new picture).
 */
@TestPropertySource(properties = {"facegate.task-token=", "facegate.liveness=off"})
class LoginTemplatesTest extends WebTestBase {

    private static List<FaceSamples.Person> people;

    @Autowired
    EnrolledGallery gallery;
    @Autowired
    FaceTemplateStore store;
    @Autowired
    LoginAttemptRepository attempts;
    @Autowired
    LoginAudit audit;
    @Autowired
    FrameAnalyzer analyzer;
    @Autowired
    Clock utc;

    private LoginTemplates templates;

    @BeforeAll
    static void people() {
        people = FaceSamples.distinctPeople(3, 0.8);
    }

    @AfterEach
    void reset() {
        removeEveryFaceId();
        clock.reset();
    }

    private MockHttpSession session;

    private long enroll(String name, FaceSamples.Person person) throws Exception {
        session = register(name);
        var request = multipart("/setupfaceid");
        for (int i = 0; i < 3; i++) {
            // separate camera shots (one picture sent three times is refused as same_picture)
            request.file(new MockMultipartFile("frames", "f" + i + ".png", "image/png", person.shot(i)));
        }
        mvc.perform(request.param("consent", "true").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated());
        templates = new LoginTemplates(gallery, store, attempts, utc, new TemplateAdaptation(10, 0.36, 0.10, 0),
                false);
        return principal(name).getId();
    }

    private float[] describe(FaceSamples.Person person) {
        return ((FrameAnalyzer.Accepted) analyzer.analyze(person.jpeg())).face().descriptor();
    }

    @Test
    void aConfidentLoginAddsATemplateThatTheOwnerSeesAndRemovesFromEveryGallery() throws Exception {
        String name = uniqueName();
        long alice = enroll(name, people.get(0));
        assertThat(templates.offer(alice, List.of(describe(people.get(0))))).isEqualTo("added");
        List<FaceTemplate> rows = store.forUser(alice);
        assertThat(rows).hasSize(4);
        FaceTemplate added = rows.get(3);
        assertThat(added.getSource()).isEqualTo(FaceTemplate.SOURCE_LOGIN);
        assertThat(rows.subList(0, 3)).allMatch(t -> t.getSource().equals(FaceTemplate.SOURCE_SETUP));
        assertThat(gallery.templates(alice)).hasSize(4);

        mvc.perform(get("/account").session(session).accept(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.faces[3].source").value("login"))
                .andExpect(jsonPath("$.faces[0].source").value("setup"));
        mvc.perform(post("/account/labels/{id}/delete", added.getId()).session(session).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(store.forUser(alice)).hasSize(3);
        // the change log row carries the removal to every instance (GallerySyncTest); this one drops it at once
        assertThat(gallery.templates(alice)).hasSize(3);
    }

    @Test
    void aLoginAfterAFailedFaceLoginOnTheAccountWithin24HoursAddsNothing() throws Exception {
        long alice = enroll(uniqueName(), people.get(0));
        audit.record(AttemptMethod.FACE, LoginAudit.FAILURE, "no_match", alice, "198.51.100.7");
        clock.advance(Duration.ofHours(23));
        assertThat(templates.offer(alice, List.of(describe(people.get(0))))).isEqualTo("contested");
        assertThat(store.forUser(alice)).hasSize(3);
        clock.advance(Duration.ofHours(2));
        assertThat(templates.offer(alice, List.of(describe(people.get(0))))).isEqualTo("added");
    }

    @Test
    void framesOfSomebodyElseAddNothing() throws Exception {
        long alice = enroll(uniqueName(), people.get(0));
        assertThat(templates.offer(alice, List.of(describe(people.get(1))))).isEqualTo("not_first");
        assertThat(templates.offer(alice, List.of(describe(people.get(0)), describe(people.get(1)))))
                .isEqualTo("not_first");
        assertThat(store.forUser(alice)).hasSize(3);
    }

    @Test
    void aLivenessOffLoginAddsNothingByDefault() throws Exception {
        // the same login adds a template when the operator allows it (AdaptWithoutLivenessTest)
        long alice = enroll(uniqueName(), people.get(0));
        mvc.perform(AdaptWithoutLivenessTest.login(AdaptWithoutLivenessTest.laterFrame(people.get(0))).with(csrf())
                .accept(MediaType.APPLICATION_JSON)).andExpect(status().isOk());
        assertThat(store.forUser(alice)).hasSize(3);
        assertThat(templates.offerUnchecked(alice, List.of(describe(people.get(0))))).isEqualTo("not_allowed");
        assertThat(store.forUser(alice)).hasSize(3);
    }
}
