package io.facegate.account;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;

import io.facegate.login.RecentLogin;
import io.facegate.support.WebTestBase;
import io.facegate.web.Flash;

/**
 * Face ID setup needs a recent login, as adding a passkey does: the attack a README-only tester made was a stolen
 * "keep me signed in" cookie setting up the thief's face, which then logged in after the owner had changed the
 * password. A session registered or logged in within 10 minutes passes the check (its upload is then judged on its
 * frames: one frame is {@code too_few_frames}); a cookie alone, or an older session, gets 403
 * {@code recent_login_required}, and the page sends it to the login.
 */
class FaceSetupRecentLoginTest extends WebTestBase {

    private static final MockMultipartFile ONE_FRAME = new MockMultipartFile("frames", "f.jpg", "image/jpeg",
            new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private ResultActions setUp(MockHttpSession session, Cookie cookie) throws Exception {
        var request = multipart("/setupfaceid").file(ONE_FRAME).param("consent", "true").with(csrf())
                .accept(MediaType.APPLICATION_JSON);
        if (session != null) {
            request.session(session);
        }
        if (cookie != null) {
            request.cookie(cookie);
        }
        return mvc.perform(request);
    }

    @Test
    void aKeepMeSignedInCookieAloneCannotSetUpAFace() throws Exception {
        String name = uniqueName();
        register(name);
        Cookie cookie = mvc.perform(post("/login").session(new MockHttpSession()).with(csrf())
                        .accept(MediaType.APPLICATION_JSON).param("username", name).param("password", PASSWORD)
                        .param("remember-me", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getCookie("remember-me");
        // the thief's client: the cookie and nothing else
        setUp(null, cookie).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("recent_login_required"));
    }

    @Test
    void aRegistrationOrALoginCountsForTenMinutes() throws Exception {
        String name = uniqueName();
        MockHttpSession registered = register(name);
        setUp(registered, null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("too_few_frames"));
        MockHttpSession fresh = new MockHttpSession();
        mvc.perform(post("/login").session(fresh).with(csrf()).accept(MediaType.APPLICATION_JSON)
                .param("username", name).param("password", PASSWORD)).andExpect(status().isOk());
        setUp(fresh, null).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("too_few_frames"));

        clock.advance(RecentLogin.WINDOW.plus(Duration.ofMinutes(1)));
        for (MockHttpSession stale : new MockHttpSession[] {registered, fresh}) {
            setUp(stale, null).andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.error").value("recent_login_required"));
            mvc.perform(get("/setupfaceid").session(stale)).andExpect(redirectedUrl("/login"))
                    .andExpect(flash().attributeExists(Flash.ATTRIBUTE));
        }
    }
}
