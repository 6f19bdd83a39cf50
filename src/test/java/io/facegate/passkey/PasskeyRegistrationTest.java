package io.facegate.passkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.support.WebTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

/**
 * The account's passkey endpoints over HTTP, without a browser (the ceremonies themselves are in
 * {@code oidc.PasskeyBrowserTest}): the recent-login rule and the attacks it stops, the options the browser gets,
 * the refusals of bad input, and Spring Security's own registration endpoints closed.
 */
class PasskeyRegistrationTest extends WebTestBase {

    private MockHttpSession passwordLogin(String name) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON)
                .param("username", name).param("password", PASSWORD)).andExpect(status().isOk());
        return session;
    }

    @Test
    void aSessionWithoutARecentLoginCannotAddAPasskey() throws Exception {
        String name = uniqueName();
        // The attack: someone with a session they did not log in themselves (a registration left open, a stolen
        // cookie, a computer left unlocked) adds their own passkey, which would outlive a password change.
        MockHttpSession registered = register(name);
        mvc.perform(post("/account/passkeys/options").session(registered).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("recent_login_required"));

        MockHttpSession fresh = passwordLogin(name);
        mvc.perform(post("/account/passkeys/options").session(fresh).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rp.id").value("localhost"))
                .andExpect(jsonPath("$.user.name").value(name))
                .andExpect(jsonPath("$.authenticatorSelection.residentKey").value("required"))
                .andExpect(jsonPath("$.authenticatorSelection.userVerification").value("required"))
                .andExpect(jsonPath("$.challenge").isString());

        clock.advance(PasskeyRegistration.RECENT.plus(Duration.ofMinutes(1)));
        mvc.perform(post("/account/passkeys/options").session(fresh).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("recent_login_required"));
        mvc.perform(post("/account/passkeys").session(fresh).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Mine now\",\"credential\":{}}"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("recent_login_required"));
        clock.reset();
    }

    @Test
    void badNamesMissingOptionsAndForgedAnswersAreRefusedWithTheirCode() throws Exception {
        MockHttpSession session = passwordLogin(registeredName());
        mvc.perform(post("/account/passkeys").session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"  \",\"credential\":{}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("invalid_name"));
        mvc.perform(post("/account/passkeys").session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + "x".repeat(PasskeyRegistration.MAX_NAME + 1) + "\",\"credential\":{}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("invalid_name"));
        mvc.perform(post("/account/passkeys").session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Laptop\",\"credential\":{}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("passkey_not_started"));
        mvc.perform(post("/account/passkeys/options").session(session).with(csrf())).andExpect(status().isOk());
        mvc.perform(post("/account/passkeys").session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Laptop\",\"credential\":{\"id\":\"AAAA\",\"rawId\":\"AAAA\","
                                + "\"type\":\"public-key\",\"response\":{\"attestationObject\":\"AAAA\","
                                + "\"clientDataJSON\":\"AAAA\"},\"clientExtensionResults\":{}}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("passkey_invalid"));
        // The options were used up by that answer: a second try must start again.
        mvc.perform(post("/account/passkeys").session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Laptop\",\"credential\":{}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("passkey_not_started"));
        mvc.perform(get("/account/passkeys").session(session).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.passkeys").isEmpty());
        mvc.perform(post("/account/passkeys/AAAA/delete").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("not_found"));
        // Without the CSRF token nothing is added.
        mvc.perform(post("/account/passkeys/options").session(session).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("csrf_invalid"));
    }

    @Test
    void springSecuritysOwnRegistrationEndpointsAreClosed() throws Exception {
        MockHttpSession session = passwordLogin(registeredName());
        for (var request : new org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder[] {
                post("/webauthn/register/options"), post("/webauthn/register"), delete("/webauthn/register/AAAA")}) {
            var result = mvc.perform(request.session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("not_found")).andReturn();
            assertThat(result.getResponse().getContentAsString()).contains("/account/passkeys");
        }
    }

    private String registeredName() throws Exception {
        String name = uniqueName();
        register(name);
        return name;
    }
}
