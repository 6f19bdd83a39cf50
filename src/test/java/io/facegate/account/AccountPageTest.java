package io.facegate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.facegate.audit.LoginAudit;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import java.awt.image.BufferedImage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

/** The account page in words: readable login reasons and times, named and confirmed destructive buttons. */
class AccountPageTest extends WebTestBase {

    /** A small synthetic PNG as the label image. */
    private static final byte[] PNG = FaceSamples.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png");

    @Autowired
    FaceTemplateStore templates;

    @Test
    void recentLoginsAreShownInWordsWithTimesAndNoCodes() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        // a wrong and a right current password on the account page are audited as reauth_failed / reauth_ok
        mvc.perform(post("/account/password").session(session).with(csrf())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("currentPassword", "not the password").param("newPassword", "another good passphrase"));
        mvc.perform(post("/account/password").session(session).with(csrf())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("currentPassword", PASSWORD).param("newPassword", "another good passphrase"));
        String page = mvc.perform(get("/account").session(session)).andReturn().getResponse().getContentAsString();
        String table = page.substring(page.indexOf("<table"), page.indexOf("</table>"));
        assertThat(table).contains("Wrong password given on the account page.")
                .contains("Password confirmed on the account page.")
                .doesNotContain("reauth_ok").doesNotContain("reauth_failed").doesNotContain(">failure<");
        Matcher time = Pattern.compile("<time class=\"local-time\" datetime=\"([^\"]+)\">([^<]+)</time>").matcher(table);
        assertThat(time.find()).as("a <time> per login").isTrue();
        assertThat(time.group(1)).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(time.group(2)).matches("\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2} UTC");
    }

    @Test
    void eachDeleteButtonHasItsOwnNameAndDestructiveFormsAskFirst() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        long id = principal(name).getId();
        templates.add(id, new float[128], "test-v1", PNG);
        templates.add(id, new float[128], "test-v1", PNG);
        String page = mvc.perform(get("/account").session(session)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("aria-label=\"Delete face image 1\"").contains("aria-label=\"Delete face image 2\"")
                .contains("alt=\"Face image 1 (opens the full image)\"").containsPattern("/js/account-[0-9a-f]{32}\\.js");
        assertThat(Pattern.compile("<form[^>]+data-confirm=").matcher(page).results().count())
                .as("two face images, Remove Face ID, Delete my account").isEqualTo(4);
    }

    @Test
    void theAccountPageShowsSmallJpegThumbnailsAndTheFullImageOnDemand() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        byte[] full = FaceSamples.distinctPeople(1, 0.8).get(0).png();
        long template = templates.add(principal(name).getId(), new float[128], "test-v1", full).getId();
        String page = mvc.perform(get("/account").session(session)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("<a href=\"/account/labels/" + template + "\"><img")
                .contains("src=\"/account/labels/" + template + "?size=thumb\"");
        byte[] thumb = mvc.perform(get("/account/labels/" + template).param("size", "thumb").session(session))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .contentType(MediaType.IMAGE_JPEG))
                .andReturn().getResponse().getContentAsByteArray();
        BufferedImage small = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(thumb));
        System.out.printf("Label image %d bytes (PNG 640x480), thumbnail %d bytes (JPEG %dx%d)%n", full.length,
                thumb.length, small.getWidth(), small.getHeight());
        assertThat(thumb.length).as("thumbnail bytes").isLessThanOrEqualTo(30 * 1024);
        assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(LabelThumbnail.SIDE);
        assertThat(mvc.perform(get("/account/labels/" + template).session(session)).andReturn().getResponse()
                .getContentAsByteArray()).as("the full image on demand").isEqualTo(full);
    }

    @Test
    void anUnknownReasonCodeIsStillWords() {
        assertThat(LoginHistory.reason("some_new_code")).isEqualTo("Some new code.");
        assertThat(LoginHistory.line(new LoginAudit.Entry("face", "failure", "flat_picture", "10.0.0.1",
                "2026-12-05T11:38:00Z"))).isEqualTo(new LoginHistory.Line("2026-12-05T11:38:00Z",
                "5 Dec 2026, 11:38 UTC", "Face login refused", "Looked like a photo or a screen, not a live head.",
                "10.0.0.1"));
    }
}
