package io.facegate.storedimage;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.facegate.account.FaceTemplateStore;
import io.facegate.account.LabelStore;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.NearCopyTrials;
import io.facegate.testsupport.StillAttacks;

/**
 * Inside a challenge answer (liveness on): a re-encoded, rescaled, cropped, mirrored or tone-changed copy of the
 * account's stored label image, or its thumbnail scaled up, among the answer's frames is refused with
 * {@code stored_image} before the liveness analysis; the same answer with a later camera frame in its place is not
 * (it fails the challenge for what it is, not as a stored image). Needs the shared blink clip (skipped without it).
 */
@TestPropertySource(properties = {"facegate.task-token="})
class StoredImageAnswerTest extends WebTestBase {

    @Autowired
    FaceTemplateStore templates;
    @Autowired
    LabelStore labels;

    @AfterEach
    void reset() {
        removeEveryFaceId();
        clock.reset();
    }

    /** Sends the frames, 250 ms apart from the challenge's issue, as the answer to a fresh challenge. */
    private ResultActions answer(List<byte[]> frames, String username) throws Exception {
        MockHttpSession session = new MockHttpSession();
        String body = mvc.perform(post("/face-login/challenge").session(session).with(csrf())
                .accept(MediaType.APPLICATION_JSON)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        long[] times = new long[frames.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = 100 + 250L * i;
        }
        clock.advance(Duration.ofMillis(times[times.length - 1] + 150));
        var request = multipart("/face-login").param("frameTimes", Arrays.toString(times))
                .param("nonce", JsonPath.<String>read(body, "$.nonce")).param("username", username);
        for (int i = 0; i < frames.size(); i++) {
            request.file(new MockMultipartFile("frames", "frame" + i + ".jpg", "image/jpeg", frames.get(i)));
        }
        return mvc.perform(request.session(session).with(csrf()).accept(MediaType.APPLICATION_JSON));
    }

    @Test
    void aCopyOfALabelImageAmongTheFramesOfAnAnswerIsRefused() throws Exception {
        List<BufferedImage> blink = LivenessClips.blink(2, 100);
        String name = uniqueName();
        MockHttpSession owner = register(name);
        var setup = multipart("/setupfaceid");
        for (int i : new int[] {0, 2, 4}) {
            setup.file(new MockMultipartFile("frames", "f" + i + ".png", "image/png",
                    FaceSamples.encode(blink.get(i), "png")));
        }
        mvc.perform(setup.param("consent", "true").session(owner).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated());
        long id = principal(name).getId();
        BufferedImage label = ImageIO.read(new ByteArrayInputStream(
                labels.find(id, templates.forUser(id).get(0).getLabelImage()).orElseThrow().bytes()));

        List<byte[]> later = new ArrayList<>();
        for (int i = 8; i < 24; i += 2) {
            later.add(StillAttacks.jpeg(blink.get(i), NearCopyTrials.PAGE_QUALITY));
        }
        for (byte[] copy : List.of(NearCopyTrials.copy(label, "as-is", 0.5f),
                NearCopyTrials.copy(label, "as-is", 0.95f), NearCopyTrials.copy(label, "scale1.1", 0.75f),
                NearCopyTrials.copy(label, "crop2%+scale0.9", 0.75f), NearCopyTrials.copy(label, "mirror", 0.75f),
                NearCopyTrials.copy(label, "contrast1.08", 0.75f), NearCopyTrials.copy(label, "gamma1.1", 0.75f),
                NearCopyTrials.copy(label, "thumb", 0.9f))) {
            List<byte[]> frames = new ArrayList<>(later);
            frames.set(3, copy);
            answer(frames, name).andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.error").value(StoredImages.CODE))
                    .andExpect(jsonPath("$.message").value(StoredImages.MESSAGE));
        }
        // The camera's own frames: no turn was made, so the challenge fails, but not as a stored image.
        answer(later, name).andExpect(status().is4xxClientError())
                .andExpect(jsonPath("$.error").value(Matchers.not(StoredImages.CODE)));
    }
}
