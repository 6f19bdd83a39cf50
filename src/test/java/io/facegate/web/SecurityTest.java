package io.facegate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.account.FaceGateUser;
import io.facegate.account.FaceTemplateStore;
import io.facegate.support.WebTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

class SecurityTest extends WebTestBase {

    static final byte[] PNG = TestImages.png(8, 8);

    @Autowired
    FaceTemplateStore templates;

    @Test
    void everyPostRefusesAMissingCsrfTokenAndChangesNothing() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        FaceGateUser me = principal(name);
        long template = templates.add(me.getId(), new float[128], "test-v1", PNG).getId();
        List<AbstractMockHttpServletRequestBuilder<?>> posts = List.of(
                post("/register").param("username", uniqueName()).param("password", PASSWORD),
                post("/login").param("username", name).param("password", PASSWORD),
                post("/logout"),
                post("/account/password").param("currentPassword", PASSWORD).param("newPassword", "another long one"),
                post("/account/labels/" + template + "/delete"),
                post("/account/faceid/delete"),
                post("/account/delete").param("password", PASSWORD),
                multipart("/setupfaceid").file(new MockMultipartFile("frames", "f.png", "image/png", PNG)).param("consent", "true"),
                multipart("/face-login").file(new MockMultipartFile("frames", "f.png", "image/png", PNG)),
                post("/face-login/challenge"),
                post("/tasks/cleanup").header("X-Task-Token", TASK_TOKEN));
        for (AbstractMockHttpServletRequestBuilder<?> request : posts) {
            mvc.perform(request.session(session).accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.error").value("csrf_invalid"));
            // A wrong token is refused too.
            mvc.perform(request.session(session).with(csrf().useInvalidToken()))
                    .andExpect(status().isForbidden());
        }
        assertThat(users.findById(me.getId())).isPresent();
        assertThat(templates.forUser(me.getId())).hasSize(1);
        mvc.perform(get("/account").session(session).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(name));
    }

    @Test
    void csrfEndpointGivesATokenThatScriptsCanSendInTheHeader() throws Exception {
        MockHttpSession session = new MockHttpSession();
        MvcResult token = mvc.perform(get("/api/csrf").session(session))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.headerName").value("X-CSRF-TOKEN"))
                .andReturn();
        String value = com.jayway.jsonpath.JsonPath.read(token.getResponse().getContentAsString(), "$.token");
        String name = uniqueName();
        mvc.perform(post("/register").session(session).header("X-CSRF-TOKEN", value)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.username").value(name))
                .andExpect(jsonPath("$.redirect").value("/setupfaceid"));
    }

    @Test
    void sessionIdChangesAtPasswordLogin() throws Exception {
        String name = uniqueName();
        register(name);
        MockHttpSession session = new MockHttpSession();
        String before = session.getId();
        MvcResult result = mvc.perform(post("/login").session(session).with(csrf())
                        .param("username", name.toUpperCase()).param("password", PASSWORD))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/account"))
                .andReturn();
        String after = result.getRequest().getSession(false).getId();
        assertThat(after).isNotEqualTo(before);
        mvc.perform(get("/account").session((MockHttpSession) result.getRequest().getSession(false)))
                .andExpect(status().isOk());
    }

    @Test
    void sessionIdChangesAtRegistrationAndTheNewUserIsLoggedIn() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String before = session.getId();
        MvcResult result = mvc.perform(post("/register").session(session).with(csrf())
                        .param("username", uniqueName()).param("password", PASSWORD))
                .andExpect(redirectedUrl("/setupfaceid"))
                .andReturn();
        MockHttpSession after = (MockHttpSession) result.getRequest().getSession(false);
        assertThat(after.getId()).isNotEqualTo(before);
        mvc.perform(get("/setupfaceid").session(after))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Before the camera starts")));
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() throws Exception {
        String name = uniqueName();
        register(name);
        MvcResult unknownJson = mvc.perform(post("/login").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"nobody_" + name + "\",\"password\":\"" + PASSWORD + "\"}"))
                .andExpect(status().isUnauthorized()).andReturn();
        MvcResult wrongJson = mvc.perform(post("/login").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"password\":\"wrong password!\"}"))
                .andExpect(status().isUnauthorized()).andReturn();
        // The JSON body is really read: the right password logs in.
        mvc.perform(post("/login").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(name));
        assertThat(unknownJson.getResponse().getContentAsString())
                .isEqualTo(wrongJson.getResponse().getContentAsString())
                .isEqualTo("{\"error\":\"bad_credentials\",\"message\":\"Invalid username or password.\"}");

        MvcResult unknownForm = mvc.perform(post("/login").with(csrf())
                .param("username", "nobody_" + name).param("password", PASSWORD)).andReturn();
        MvcResult wrongForm = mvc.perform(post("/login").with(csrf())
                .param("username", name).param("password", "wrong password!")).andReturn();
        assertThat(unknownForm.getResponse().getStatus()).isEqualTo(wrongForm.getResponse().getStatus()).isEqualTo(302);
        assertThat(unknownForm.getResponse().getRedirectedUrl()).isEqualTo(wrongForm.getResponse().getRedirectedUrl())
                .isEqualTo("/login?error");
        mvc.perform(get("/login").param("error", ""))
                .andExpect(content().string(containsString("Invalid username or password.")));
    }

    @Test
    void labelImagesReachOnlyTheirOwner() throws Exception {
        String owner = uniqueName();
        String other = uniqueName();
        MockHttpSession ownerSession = register(owner);
        MockHttpSession otherSession = register(other);
        long id = templates.add(principal(owner).getId(), new float[128], "test-v1", PNG).getId();

        mvc.perform(get("/account/labels/" + id).session(ownerSession))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_PNG))
                .andExpect(content().bytes(PNG));
        mvc.perform(get("/account/labels/" + id).session(otherSession).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("not_found"));
        mvc.perform(get("/account/labels/" + id).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/account/labels/" + id)).andExpect(redirectedUrl("/login"));
        // The other user cannot delete it either.
        mvc.perform(post("/account/labels/" + id + "/delete").session(otherSession).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound());
        // Nothing of the labels folder is served as a static resource.
        String file = templates.forUser(principal(owner).getId()).get(0).getLabelImage();
        for (String path : List.of("/labels/" + principal(owner).getId() + "/" + file,
                "/static/labels/" + principal(owner).getId() + "/" + file, "/" + file)) {
            mvc.perform(get(path).session(ownerSession)).andExpect(status().isNotFound());
        }
        // The owner can delete it: row and file go.
        mvc.perform(post("/account/labels/" + id + "/delete").session(ownerSession).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.deleted").value(id));
        assertThat(templates.forUser(principal(owner).getId())).isEmpty();
        assertThat(labelsRoot().resolve(principal(owner).getId() + "/" + file)).doesNotExist();
    }

    @Test
    void labelsApiShowsOwnEntryToUsersAndEverythingOnlyWithTheTaskToken() throws Exception {
        String a = uniqueName();
        String b = uniqueName();
        MockHttpSession sessionA = register(a);
        register(b);
        templates.add(principal(a).getId(), new float[128], "test-v1", PNG);
        templates.add(principal(b).getId(), new float[128], "test-v1", PNG);

        mvc.perform(get("/api/labels").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("unauthenticated"));
        mvc.perform(get("/api/labels").session(sessionA))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.users.length()").value(1))
                .andExpect(jsonPath("$.users[0].username").value(a));
        mvc.perform(get("/api/labels").header("X-Task-Token", "wrong"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("invalid_token"));
        String all = mvc.perform(get("/api/labels").header("X-Task-Token", TASK_TOKEN))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(all).contains("\"" + a + "\"", "\"" + b + "\"");
    }

    @Test
    void aDeletedUserLosesTheSessionAtTheNextRequest() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        mvc.perform(get("/account").session(session)).andExpect(status().isOk());
        users.deleteById(principal(name).getId());
        mvc.perform(get("/account").session(session)).andExpect(redirectedUrl("/login"));
        assertThat(session.isInvalid()).isTrue();
    }

    @Test
    void healthIsPublicAndPagesRender() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
        for (String page : List.of("/", "/register", "/login", "/face-login")) {
            mvc.perform(get(page)).andExpect(status().isOk())
                    .andExpect(content().string(containsString("FaceGate")));
        }
        mvc.perform(get("/setupfaceid")).andExpect(redirectedUrl("/login"));
    }
}
