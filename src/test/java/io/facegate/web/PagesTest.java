package io.facegate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.support.WebTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

/** What the pages say and offer: error banners as alerts next to the fields, kept input, the next step. */
class PagesTest extends WebTestBase {

    @Test
    void aFailedPasswordLoginKeepsTheUserNameAndShowsAnAlertInTheForm() throws Exception {
        String name = uniqueName();
        register(name);
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf())
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("username", name).param("password", "not the password"))
                .andExpect(redirectedUrl("/login?error"));
        String page = mvc.perform(get("/login").param("error", "").session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("value=\"" + name + "\"");
        int form = page.indexOf("<form action=\"/login\"");
        int alert = page.indexOf("role=\"alert\"");
        int field = page.indexOf("name=\"username\"");
        assertThat(form).as("form").isPositive();
        assertThat(alert).as("the error banner is inside the form, before the fields").isBetween(form, field);
        assertThat(page).contains("class=\"flash error\"");
    }

    @Test
    void aLongUserNameIsKeptOnlyUpToTheFieldLength() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("username", "x".repeat(500)).param("password", "not the password"))
                .andExpect(redirectedUrl("/login?error"));
        String page = mvc.perform(get("/login").param("error", "").session(session))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("value=\"" + "x".repeat(32) + "\"").doesNotContain("x".repeat(33));
    }

    @Test
    void theHomePageInvitesToRegisterOnlyWhenLoggedOut() throws Exception {
        String anonymous = mvc.perform(get("/")).andReturn().getResponse().getContentAsString();
        assertThat(anonymous).contains("href=\"/register\"");
        String name = uniqueName();
        String loggedIn = mvc.perform(get("/").session(register(name))).andReturn().getResponse().getContentAsString();
        assertThat(loggedIn).doesNotContain("/register").contains("You are logged in as");
    }

    @Test
    void cameraPagesOfferThePasswordPathBeforeTheCameraAndANoscriptMessage() throws Exception {
        String page = mvc.perform(get("/face-login")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page.indexOf("href=\"/login\">Log in with your password"))
                .as("password link before the camera").isPositive().isLessThan(page.indexOf("id=\"camera\""));
        assertThat(page).contains("<noscript>").contains("rel=\"icon\"").contains("role=\"alert\"");
        String setup = mvc.perform(get("/setupfaceid").session(register(uniqueName())))
                .andReturn().getResponse().getContentAsString();
        assertThat(setup).contains("<noscript>").contains("id=\"done\"").contains("data-min-face-width=\"150\"");
        assertThat(page).contains("data-min-face-width=\"100\"").contains("data-min-face-luma=\"45\"");
    }

    @Test
    void theFaviconIsServed() throws Exception {
        mvc.perform(get("/favicon.ico")).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("image/x-icon"));
    }
}
