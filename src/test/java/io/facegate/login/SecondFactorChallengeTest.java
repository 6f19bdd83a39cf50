package io.facegate.login;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.support.WebTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;

/**
 * Second-factor mode with the liveness challenge: a browser without the password step is told so when it asks for
 * a challenge, before the user films anything (a README-only tester did the whole check first and was told after);
 * with the password step the challenge is issued.
 */
@TestPropertySource(properties = "facegate.face.mode=second-factor")
class SecondFactorChallengeTest extends WebTestBase {

    @Test
    void noChallengeWithoutThePasswordStep() throws Exception {
        String name = uniqueName();
        register(name);
        long userId = users.findByUsernameKey(io.facegate.account.UserAccount.keyOf(name)).orElseThrow().getId();
        // The account has Face ID (a row is all the password step looks at; no gallery is needed for a challenge).
        jdbc.update("INSERT INTO face_templates (user_id, descriptor, pipeline_version, label_image, created_at) "
                + "VALUES (?, ?, ?, NULL, ?)", userId, new byte[512], "test", java.sql.Timestamp.from(java.time.Instant.now()));
        MockHttpSession stranger = new MockHttpSession();
        // The page shows no camera and no user-name field without the password step, only the way to it.
        mvc.perform(get("/face-login").session(stranger)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("id=\"camera\""))))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("id=\"username\""))))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("log in with your password</a> first")));
        mvc.perform(post("/face-login/challenge").session(stranger).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value(FaceLoginFlow.PASSWORD_REQUIRED));

        MockHttpSession stepped = new MockHttpSession();
        mvc.perform(post("/login").session(stepped).with(csrf()).accept(MediaType.APPLICATION_JSON)
                .param("username", name).param("password", PASSWORD)).andExpect(status().isOk());
        mvc.perform(post("/face-login/challenge").session(stepped).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.nonce").isString());
        mvc.perform(get("/face-login").session(stepped)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"camera\"")));
        jdbc.update("DELETE FROM face_templates WHERE user_id = ?", userId);
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
}
