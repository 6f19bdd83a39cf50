package io.facegate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

/**
 * Adaptive templates from {@code LIVENESS=off} logins when the operator allows it
 * ({@code facegate.face.adapt-without-liveness=true}), through the real face login with real faces
 * ({@link FaceSamples}): an accepted login of the owner adds a template, a refused login (half the owner's frames,
 * half another enrolled person's) and a contested one (after a failed face login on the account) add nothing.
 * The default (off) is {@link LoginTemplatesTest#aLivenessOffLoginAddsNothingByDefault}.
 */
@TestPropertySource(properties = {"facegate.task-token=", "facegate.liveness=off",
        "facegate.face.adapt-without-liveness=true"})
class AdaptWithoutLivenessTest extends WebTestBase {

    private static final String SETUP_MESSAGE = "Face ID is set up: you can now log in with your face.";

    private static List<FaceSamples.Person> people;

    @Autowired
    FaceTemplateStore store;

    @BeforeAll
    static void people() {
        people = FaceSamples.distinctPeople(3, 0.8);
    }

    @AfterEach
    void reset() {
        removeEveryFaceId();
        clock.reset();
    }

    /** Enrols three camera shots of the person; returns the account id. */
    private long enroll(String name, FaceSamples.Person person) throws Exception {
        var session = register(name);
        var request = multipart("/setupfaceid");
        for (int i = 0; i < 3; i++) {
            request.file(new MockMultipartFile("frames", "f" + i + ".png", "image/png", person.shot(i)));
        }
        // three shots of a still head: enrolled, with the suggestion to set up again with a slight turn
        mvc.perform(request.param("consent", "true").session(session).with(csrf())
                .accept(MediaType.APPLICATION_JSON)).andExpect(status().isCreated())
                .andExpect(jsonPath("$.message").value(SETUP_MESSAGE + SetupPoseVariety.TIP));
        return principal(name).getId();
    }

    /**
     * A later login picture of the person: the frame at 75 % brightness (a darker room), far enough from the setup
     * shots to be a new template (novelty 0.05) and still the same face.
     */
    static byte[] laterFrame(FaceSamples.Person person) {
        return FaceSamples.encode(FaceSamples.dimmed(person.frame(), 0.75), "jpg");
    }

    static MockMultipartHttpServletRequestBuilder login(byte[]... frames) {
        var request = multipart("/face-login");
        for (byte[] f : frames) {
            request.file(new MockMultipartFile("frames", "f.jpg", "image/jpeg", f));
        }
        return request;
    }

    @Test
    void anAcceptedLoginAddsATemplate() throws Exception {
        long alice = enroll(uniqueName(), people.get(0));
        mvc.perform(login(laterFrame(people.get(0))).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk());
        assertThat(store.forUser(alice)).hasSize(4);
        assertThat(store.forUser(alice).get(3).getSource()).isEqualTo(FaceTemplate.SOURCE_LOGIN);
    }

    @Test
    void refusedAndContestedLoginsAddNothing() throws Exception {
        long alice = enroll(uniqueName(), people.get(0));
        enroll(uniqueName(), people.get(1));
        byte[] a = laterFrame(people.get(0));
        byte[] b = people.get(1).jpeg();
        // refused: half the owner's frames and half another enrolled person's (also makes the next login contested)
        mvc.perform(login(a, a, b, b).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized());
        assertThat(store.forUser(alice)).hasSize(3);
        // contested: the owner's own login right after a failed face login (the 1:N failure named no account, so
        // fail one on the account by name first)
        mvc.perform(login(b).param("username", principalName(alice)).with(csrf())
                .accept(MediaType.APPLICATION_JSON)).andExpect(status().isUnauthorized());
        mvc.perform(login(a).with(csrf()).accept(MediaType.APPLICATION_JSON)).andExpect(status().isOk());
        assertThat(store.forUser(alice)).hasSize(3);
    }

    private String principalName(long id) {
        return users.findById(id).orElseThrow().getUsername();
    }
}
