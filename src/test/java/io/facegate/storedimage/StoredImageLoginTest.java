package io.facegate.storedimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;

import io.facegate.account.FaceTemplateStore;
import io.facegate.account.LabelThumbnail;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.NearCopyTrials;
import io.facegate.testsupport.StillAttacks;

/**
 * The attack of issue 9: with {@code LIVENESS=off}, the owner's label image fetched from the account page and sent
 * back as the login frame logged in (distance 0). Now it is refused, 1:1 and 1:N, for its owner and for any other
 * account, also re-saved losslessly, re-encoded as JPEG, rescaled and cropped; the same person's other camera
 * frames still log in. (The challenge answer: {@code StoredImageAnswerTest}, {@code LivenessAttackTest}.)
 */
@TestPropertySource(properties = {"facegate.task-token=", "facegate.liveness=off"})
class StoredImageLoginTest extends WebTestBase {

    private static List<FaceSamples.Person> people;

    @Autowired
    FaceTemplateStore templates;
    @Autowired
    JdbcTemplate jdbc;

    /** Each copy is tried on its own: the login failure throttle (tested elsewhere) would stop the series. */
    private void forgetFailures() {
        jdbc.update("DELETE FROM login_counters");
    }

    @BeforeAll
    static void people() {
        people = FaceSamples.distinctPeople(3, 0.8);
    }

    @AfterEach
    void reset() {
        removeEveryFaceId();
    }

    private MockHttpSession enrolled(String name, FaceSamples.Person person) throws Exception {
        return enrolled(name, List.of(person.shot(0), person.shot(1), person.shot(2)));
    }

    private MockHttpSession enrolled(String name, List<byte[]> frames) throws Exception {
        MockHttpSession session = register(name);
        var request = multipart("/setupfaceid");
        for (int i = 0; i < frames.size(); i++) {
            request.file(new MockMultipartFile("frames", "f" + i + ".png", "image/png", frames.get(i)));
        }
        mvc.perform(request.param("consent", "true").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated());
        return session;
    }

    /** An account set up from the blink clip (2 fps), its session, and the label image its page serves. */
    private record BlinkAccount(List<BufferedImage> blink, String name, MockHttpSession session, long templateId,
                                BufferedImage label) {
    }

    /**
     * Sets up Face ID from a real camera's frames: the shared blink clip's at 0, 1 and 2 s (skipped without it), as
     * PNG, as the page sends setup frames; reads back the second label image from the account page.
     */
    private BlinkAccount blinkAccount() throws Exception {
        List<BufferedImage> blink = LivenessClips.blink(2, 100);
        String name = uniqueName();
        MockHttpSession session = enrolled(name, List.of(FaceSamples.encode(blink.get(0), "png"),
                FaceSamples.encode(blink.get(2), "png"), FaceSamples.encode(blink.get(4), "png")));
        long templateId = templates.forUser(principal(name).getId()).get(1).getId();
        return new BlinkAccount(blink, name, session, templateId, served("/account/labels/" + templateId, session));
    }

    /** Each copy, sent alone as the login frame (with that username or none), is refused as a stored image. */
    private void assertRefused(List<byte[]> copies, String username) throws Exception {
        for (byte[] copy : copies) {
            login(copy, username).andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.error").value(StoredImages.CODE))
                    .andExpect(jsonPath("$.message").value(StoredImages.MESSAGE));
            forgetFailures();
        }
    }

    private ResultActions login(byte[] frame, String username) throws Exception {
        var request = multipart("/face-login").file(new MockMultipartFile("frames", "frame.png", "image/png", frame));
        if (username != null) {
            request.param("username", username);
        }
        return mvc.perform(request.with(csrf()).accept(MediaType.APPLICATION_JSON));
    }

    /** @return the image re-saved as PNG at the fastest deflate setting: other bytes, the same pixels */
    private static byte[] resaved(byte[] png) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1.0f);
            writer.write(null, new IIOImage(ImageIO.read(new ByteArrayInputStream(png)), null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    @Test
    void aStoredLabelImageSentAsTheLoginFrameIsRefusedAndCameraFramesLogIn() throws Exception {
        String alice = uniqueName();
        MockHttpSession session = enrolled(alice, people.get(0));
        long aliceId = principal(alice).getId();
        long templateId = templates.forUser(aliceId).get(1).getId();
        byte[] label = mvc.perform(get("/account/labels/" + templateId).session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(label).isEqualTo(people.get(0).shot(1)); // the PNG the account page serves: the setup frame's pixels

        // Byte for byte, 1:N and 1:1: 422 stored_image (before: 200, distance 0.0).
        login(label, null).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(StoredImages.CODE))
                .andExpect(jsonPath("$.message").value(StoredImages.MESSAGE));
        login(label, alice).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(StoredImages.CODE));
        // Other bytes, the same pixels.
        byte[] other = resaved(label);
        assertThat(other).isNotEqualTo(label);
        login(other, alice).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(StoredImages.CODE));

        // A stored image of another account is refused too, whoever is named.
        String bob = uniqueName();
        enrolled(bob, people.get(1));
        login(label, bob).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(StoredImages.CODE));

        // The same person's other camera frames log in.
        login(people.get(0).shot(7), alice).andExpect(status().isOk()).andExpect(jsonPath("$.username").value(alice));
        login(people.get(0).shot(8), null).andExpect(status().isOk()).andExpect(jsonPath("$.username").value(alice));
    }

    @Test
    void aLabelImageDeletedByItsOwnerIsForgotten() throws Exception {
        String alice = uniqueName();
        MockHttpSession session = enrolled(alice, people.get(0));
        byte[] label = people.get(0).shot(0);
        login(label, alice).andExpect(jsonPath("$.error").value(StoredImages.CODE));
        mvc.perform(multipart("/account/faceid/delete").session(session).with(csrf())
                .accept(MediaType.APPLICATION_JSON)).andExpect(status().isOk());
        // Without Face ID the frame matches nobody: the ordinary answer, no longer stored_image (the deletion's
        // change-log row makes the next check read the labels again).
        login(label, alice).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("no_match"));
    }

    @Test
    void reEncodedRescaledAndCroppedCopiesOfALabelImageAreRefusedAndLaterCameraFramesLogIn() throws Exception {
        // A real camera's frames: the shared blink clip (skipped without it), set up from its first 2 s.
        BlinkAccount account = blinkAccount();
        List<BufferedImage> blink = account.blink();
        String alice = account.name();
        BufferedImage label = account.label();

        // The copies of the issue: JPEG 0.5 and 0.95, scaled 0.9 and 1.1, cropped 2 %, and all at once.
        List<byte[]> copies = List.of(NearCopyTrials.copy(label, "as-is", 0.5f),
                NearCopyTrials.copy(label, "as-is", 0.95f), NearCopyTrials.copy(label, "scale0.9", 0),
                NearCopyTrials.copy(label, "scale1.1", 0), NearCopyTrials.copy(label, "crop2%", 0),
                NearCopyTrials.copy(label, "crop2%+scale0.9", 0.5f));
        assertRefused(copies, alice);
        assertRefused(copies.subList(0, 1), null);

        // The same person's later frames, as the page sends them (JPEG 0.92), log in, 1:1 and 1:N.
        for (int i : new int[] {8, 16, 24}) {
            login(StillAttacks.jpeg(blink.get(i), NearCopyTrials.PAGE_QUALITY), alice)
                    .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(alice));
        }
        login(StillAttacks.jpeg(blink.get(12), NearCopyTrials.PAGE_QUALITY), null)
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(alice));
    }

    /** @return the picture the account page serves at that address */
    private BufferedImage served(String path, MockHttpSession session) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(mvc.perform(get(path).session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray()));
    }

    @Test
    void mirroredToneChangedAndScaledUpThumbnailCopiesAreRefusedAndLaterCameraFramesLogIn() throws Exception {
        // What a README-only tester logged in with (LIVENESS=off): the label mirrored, with a global contrast or
        // brightness change, and the account page's thumbnail scaled up to the frame's size.
        BlinkAccount account = blinkAccount();
        BufferedImage label = account.label();
        // The two sizes the API serves: the label and its thumbnail (240 px on the longer side).
        BufferedImage thumb = served("/account/labels/" + account.templateId() + "?size=thumb", account.session());
        assertThat(Math.max(thumb.getWidth(), thumb.getHeight())).isEqualTo(LabelThumbnail.SIDE);
        BufferedImage up = NearCopyTrials.scaledTo(thumb, label.getWidth(), label.getHeight(),
                RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        BufferedImage upCubic = NearCopyTrials.scaledTo(thumb, label.getWidth(), label.getHeight(),
                RenderingHints.VALUE_INTERPOLATION_BICUBIC);

        List<byte[]> copies = List.of(NearCopyTrials.copy(label, "mirror", 0),
                NearCopyTrials.copy(label, "mirror+scale1.1", 0.75f), NearCopyTrials.copy(label, "contrast1.08", 0),
                NearCopyTrials.copy(label, "contrast0.95", 0.75f), NearCopyTrials.copy(label, "gain1.05", 0),
                NearCopyTrials.copy(label, "offset-10", 0.9f), NearCopyTrials.copy(label, "gamma0.9", 0),
                NearCopyTrials.copy(label, "contrast1.04+mirror", 0.75f), NearCopyTrials.copy(up, "as-is", 0),
                NearCopyTrials.copy(upCubic, "as-is", 0.9f), NearCopyTrials.copy(up, "mirror", 0),
                NearCopyTrials.copy(upCubic, "gain0.95", 0.75f));
        assertRefused(copies, account.name());
        assertRefused(List.of(copies.get(0), copies.get(2), copies.get(8)), null);

        // The same person's later frames, as the page sends them, log in; one mirrored (a camera that mirrors) is
        // not taken for a stored image.
        for (int i : new int[] {8, 20}) {
            login(StillAttacks.jpeg(account.blink().get(i), NearCopyTrials.PAGE_QUALITY), account.name())
                    .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(account.name()));
        }
        BufferedImage mirrored = NearCopyTrials.mirror(account.blink().get(16));
        assertThat(login(StillAttacks.jpeg(mirrored, NearCopyTrials.PAGE_QUALITY), account.name())
                .andReturn().getResponse().getContentAsString()).doesNotContain(StoredImages.CODE);
    }
}
