package io.facegate.throttle;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.account.UserAccount;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The throttle does not tell which user names exist: counters key on the normalised user name whether or not
 * the account exists, so a real name and an unknown one get the same answers, for passwords and for face login
 * with {@code username=}, up to {@code face_login_disabled}. Liveness off (face limit 5, disabled after 50).
 */
@TestPropertySource(properties = "facegate.liveness=off")
class NoEnumerationTest extends WebTestBase {

    private static List<FaceSamples.Person> people;

    @Autowired
    LoginThrottle throttle;

    @BeforeAll
    static void people() {
        people = FaceSamples.distinctPeople(3, 0.8); // all three face the camera, as Face ID setup requires
    }

    @AfterEach
    void reset() {
        removeEveryFaceId();
        clock.reset();
    }

    private ResultActions passwordLogin(String username, String address) throws Exception {
        return mvc.perform(post("/login").with(csrf()).with(ThrottleTest.from(address))
                .accept(MediaType.APPLICATION_JSON).param("username", username).param("password", "wrong guess"));
    }

    private ResultActions faceLogin(String username, String address) throws Exception {
        return mvc.perform(multipart("/face-login").file(ThrottleTest.png(people.get(1))).param("username", username)
                .with(csrf()).with(ThrottleTest.from(address)).accept(MediaType.APPLICATION_JSON));
    }

    @Test
    void aRealAndAnUnknownNameAreThrottledAlikeForPasswords() throws Exception {
        clock.set(Instant.parse("2031-03-01T10:00:00Z"));
        String real = uniqueName();
        register(real);
        String unknown = "nobody" + uniqueName();
        for (String name : List.of(real, unknown)) {
            String address = name.equals(real) ? "203.0.113.210" : "203.0.113.211";
            for (int i = 0; i < 5; i++) {
                passwordLogin(name, address).andExpect(status().isUnauthorized())
                        .andExpect(jsonPath("$.error").value("bad_credentials"));
            }
            passwordLogin(name, address).andExpect(status().isTooManyRequests())
                    .andExpect(header().string("Retry-After", "30"));
            // The same name in other letter case is the same counter.
            passwordLogin(name.toUpperCase(), address).andExpect(status().isTooManyRequests());
        }
    }

    @Test
    void aRealAndAnUnknownNameAreThrottledAndDisabledAlikeForFaceLogin() throws Exception {
        clock.set(Instant.parse("2031-04-01T10:00:00Z"));
        String real = uniqueName();
        MockHttpSession session = register(real);
        mvc.perform(multipart("/setupfaceid").file(ThrottleTest.shot(people.get(0), 0)).file(ThrottleTest.shot(people.get(0), 1))
                        .file(ThrottleTest.shot(people.get(0), 2)).param("consent", "true")
                        .session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated());
        String unknown = "nobody" + uniqueName();
        for (String name : List.of(real, unknown)) {
            String address = name.equals(real) ? "203.0.113.220" : "203.0.113.221";
            for (int i = 0; i < 5; i++) {
                faceLogin(name, address).andExpect(status().isUnauthorized())
                        .andExpect(jsonPath("$.error").value("no_match"));
            }
            faceLogin(name, address).andExpect(status().isTooManyRequests())
                    .andExpect(jsonPath("$.error").value("too_many_attempts"))
                    .andExpect(header().string("Retry-After", "30"));
        }
        for (String name : List.of(real, unknown)) {
            for (int i = 0; i < 50; i++) { // one failure from each of 50 addresses
                throttle.failed(AttemptMethod.FACE, new AccountRef(UserAccount.keyOf(name), null), "192.0.2." + i);
            }
            faceLogin(name, "198.51.100.222").andExpect(status().isTooManyRequests())
                    .andExpect(jsonPath("$.error").value("face_login_disabled"))
                    .andExpect(header().doesNotExist("Retry-After"));
        }
    }
}
