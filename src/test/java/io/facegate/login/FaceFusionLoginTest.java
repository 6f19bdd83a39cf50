package io.facegate.login;

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
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

/**
 * Multi-frame fusion of face login (1:N) through the real engine on real faces (the demo photos of
 * {@link FaceSamples}, people at least 0.8 apart), with single-frame login ({@code facegate.liveness=off}, up to 5
 * frames): all frames together rank the accounts, and every frame alone must still match the first one.
 */
@TestPropertySource(properties = {"facegate.task-token=", "facegate.liveness=off"})
class FaceFusionLoginTest extends WebTestBase {

    private static List<FaceSamples.Person> people;

    @BeforeAll
    static void people() {
        people = FaceSamples.distinctPeople(3, 0.8);
    }

    @AfterEach
    void reset() {
        removeEveryFaceId();
    }

    private void enroll(String name, FaceSamples.Person person) throws Exception {
        MockHttpSession session = register(name);
        var request = multipart("/setupfaceid");
        for (int i = 0; i < 3; i++) {
            request.file(frame(person.shot(i), "f" + i + ".png"));
        }
        mvc.perform(request.param("consent", "true").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated());
    }

    private static MockMultipartFile frame(byte[] bytes, String name) {
        return new MockMultipartFile("frames", name, name.endsWith(".png") ? "image/png" : "image/jpeg", bytes);
    }

    private static MockMultipartHttpServletRequestBuilder login(FaceSamples.Person... frames) {
        var request = multipart("/face-login");
        for (FaceSamples.Person p : frames) {
            request.file(frame(p.jpeg(), "f.jpg"));
        }
        return request;
    }

    @Test
    void framesOfTheOwnerAloneLogIn() throws Exception {
        String alice = uniqueName();
        enroll(alice, people.get(0));
        FaceSamples.Person a = people.get(0);
        mvc.perform(login(a, a, a, a).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(alice));
    }

    @Test
    void halfTheOwnersFramesAndHalfAnotherEnrolledPersonsAreRefused() throws Exception {
        enroll(uniqueName(), people.get(0));
        enroll(uniqueName(), people.get(1));
        FaceSamples.Person a = people.get(0);
        FaceSamples.Person b = people.get(1);
        mvc.perform(login(a, a, b, b).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("no_match"));
    }

    @Test
    void halfTheOwnersFramesAndHalfAStrangersAreRefused() throws Exception {
        enroll(uniqueName(), people.get(0));
        FaceSamples.Person a = people.get(0);
        FaceSamples.Person stranger = people.get(2);
        mvc.perform(login(a, a, stranger, stranger).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("no_match"));
    }

    @Test
    void oneStrangersFrameIsNotCarriedThroughByFourOfTheOwner() throws Exception {
        // The mean of the owner's frames (distance ~0) and one stranger's (> 0.8) is below 0.2, well within the
        // identification threshold, and no other account is near: only the every-frame check refuses it.
        enroll(uniqueName(), people.get(0));
        FaceSamples.Person a = people.get(0);
        mvc.perform(login(a, a, a, a, people.get(2)).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("no_match"));
    }
}
