package io.facegate.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The server's one-frame pre-check that stands in for the page's guide when face-api.js cannot run: a real face
 * frame (shared data) may start a capture, a grey frame may not; a script cannot call it more than once a second
 * per session, nor more than the address's pace with a new session each time, nor without the CSRF token.
 */
class PrecheckTest extends WebTestBase {

    private static MockMultipartFile frame(byte[] bytes) {
        return new MockMultipartFile("frame", "frame.jpg", MediaType.IMAGE_JPEG_VALUE, bytes);
    }

    private static byte[] grey() {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        return FaceSamples.encode(image, "jpg");
    }

    @BeforeEach
    void stopTheClock() {
        clock.set(Instant.parse("2026-01-05T10:00:00Z"));
    }

    @AfterEach
    void restartTheClock() {
        clock.reset();
    }

    @Test
    void aFacelessFrameCannotStartACaptureAndAFaceCan() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(multipart("/camera/precheck").file(frame(grey())).session(session).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ok").value(false))
                .andExpect(jsonPath("$.error").value("no_face"));
        clock.advance(Duration.ofMillis(FramePrecheck.MIN_GAP_MS));
        byte[] face = FaceSamples.distinctPeople(1, 0.8).get(0).jpeg();
        mvc.perform(multipart("/camera/precheck").file(frame(face)).session(session).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ok").value(true));
    }

    @Test
    void aSecondCheckWithinASecondIsRefusedWithRetryAfter() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(multipart("/camera/precheck").file(frame(grey())).session(session).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk());
        clock.advance(Duration.ofMillis(FramePrecheck.MIN_GAP_MS - 1));
        mvc.perform(multipart("/camera/precheck").file(frame(grey())).session(session).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.error").value("precheck_too_often"));
    }

    @Test
    void aScriptTakingANewSessionForEveryCheckIsHeldToItsAddressPace() throws Exception {
        byte[] grey = grey();
        int answered = 0;
        for (int i = 0; i < AddressPace.BURST + 3; i++) {
            int status = mvc.perform(multipart("/camera/precheck").file(frame(grey)).session(new MockHttpSession())
                            .with(csrf()).with(from("203.0.113.77")).accept(MediaType.APPLICATION_JSON))
                    .andReturn().getResponse().getStatus();
            answered += status == 200 ? 1 : 0;
        }
        assertThat(answered).as("checks answered at one instant, one new session each").isEqualTo(AddressPace.BURST);
        mvc.perform(multipart("/camera/precheck").file(frame(grey)).session(new MockHttpSession()).with(csrf())
                        .with(from("203.0.113.77")).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.error").value("precheck_too_often"));
        mvc.perform(multipart("/camera/precheck").file(frame(grey)).session(new MockHttpSession()).with(csrf())
                        .with(from("203.0.113.78")).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk());
        clock.advance(Duration.ofMillis(AddressPace.REFILL_MS));
        mvc.perform(multipart("/camera/precheck").file(frame(grey)).session(new MockHttpSession()).with(csrf())
                        .with(from("203.0.113.77")).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk());
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    @Test
    void withoutTheCsrfTokenTheCheckIsRefused() throws Exception {
        mvc.perform(multipart("/camera/precheck").file(frame(grey())).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden());
    }

    @Test
    void anUnknownPurposeIsABadRequest() throws Exception {
        mvc.perform(multipart("/camera/precheck").file(frame(grey())).param("purpose", "other").with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("bad_purpose"));
    }
}
