package io.facegate.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.account.AccountService;
import io.facegate.account.FaceTemplateRepository;
import io.facegate.account.GalleryChanges;
import io.facegate.account.GallerySync;
import io.facegate.account.FaceTemplateStore;
import io.facegate.account.LabelStore;
import io.facegate.account.UserAccount;
import io.facegate.audit.LoginAttemptRepository;
import io.facegate.cleanup.CleanupReport;
import io.facegate.cleanup.CleanupService;
import io.facegate.config.FaceGateProperties;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.StillAttacks;
import io.facegate.throttle.LoginThrottle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Face ID setup and face login through the real engine, on frames of real faces (the face-api.js demo photos,
 * see {@link FaceSamples}), on a server where TASK_TOKEN is not configured and face login takes single frames
 * ({@code facegate.liveness=off}; the challenge is tested by {@code LivenessAttackTest}).
 */
@TestPropertySource(properties = {"facegate.task-token=", "facegate.liveness=off"})
class FaceFlowTest extends WebTestBase {

    private static List<FaceSamples.Person> people;

    @Autowired
    AccountService accounts;
    @Autowired
    FaceTemplateStore templates;

    @BeforeAll
    static void people() {
        people = FaceSamples.distinctPeople(3, 0.8);
    }

    @AfterEach
    void reset() {
        removeEveryFaceId();
        clock.reset();
    }

    static MockMultipartFile frame(byte[] bytes, String name) {
        return new MockMultipartFile("frames", name, name.endsWith(".png") ? "image/png" : "image/jpeg", bytes);
    }

    static MockMultipartFile png(FaceSamples.Person person) {
        return frame(person.png(), "frame.png");
    }

    static MockMultipartFile jpeg(FaceSamples.Person person) {
        return frame(person.jpeg(), "frame.jpg");
    }

    private void enroll(MockHttpSession session, FaceSamples.Person person, int frames) throws Exception {
        var request = multipart("/setupfaceid");
        for (int i = 0; i < frames; i++) {
            request.file(frame(person.shot(i), "frame" + i + ".png"));
        }
        mvc.perform(request.param("consent", "true").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.templatesStored").value(frames));
    }

    @Test
    void enrollmentNeedsConsentThenStoresTemplatesAndPngLabelImages() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        long id = principal(name).getId();
        mvc.perform(multipart("/setupfaceid").file(png(people.get(0))).session(session).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("consent_required"));
        enroll(session, people.get(0), 4);
        assertThat(templates.forUser(id)).hasSize(4);
        String file = templates.forUser(id).get(1).getLabelImage();
        assertThat(file).endsWith(".png");
        BufferedImage label = ImageIO.read(labelsRoot().resolve(id + "/" + file).toFile());
        assertThat(label.getWidth()).isEqualTo(FaceSamples.WIDTH);
        assertThat(label.getHeight()).isEqualTo(FaceSamples.HEIGHT);
        mvc.perform(get("/account").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("/account/labels/" + templates.forUser(id).get(0).getId())))
                .andExpect(content().string(containsString("Remove Face ID")));
        // Setting up again replaces the old face: three frames now, and the old label files are gone.
        mvc.perform(multipart("/setupfaceid").file(frame(people.get(0).shot(10), "a.png"))
                        .file(frame(people.get(0).shot(11), "b.png")).file(jpeg(people.get(0))).param("consent", "on").session(session).with(csrf()))
                .andExpect(redirectedUrl("/account"))
                .andExpect(flash().attributeExists("flash"));
        assertThat(templates.forUser(id)).hasSize(3);
        try (var files = Files.list(labelsRoot().resolve(Long.toString(id)))) {
            assertThat(files.count()).isEqualTo(3);
        }
        // Remove Face ID: rows and folder go.
        mvc.perform(post("/account/faceid/delete").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.deleted").value(3));
        assertThat(templates.forUser(id)).isEmpty();
        assertThat(labelsRoot().resolve(Long.toString(id))).doesNotExist();
    }

    @Test
    void badFramesAreRefusedAndNothingIsStored() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        long id = principal(name).getId();
        mvc.perform(multipart("/setupfaceid").param("consent", "true").session(session).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("no_frames"));
        mvc.perform(multipart("/setupfaceid").file(png(people.get(0))).file(jpeg(people.get(0)))
                        .param("consent", "true").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("too_few_frames"))
                .andExpect(jsonPath("$.message").value(containsString("needs 3 pictures")));
        mvc.perform(multipart("/face-login").file(new MockMultipartFile("frames", "x.jpg", "image/jpeg",
                        "<html>not an image</html>".getBytes())).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnsupportedMediaType()).andExpect(jsonPath("$.error").value("unsupported_image"));
        var tooMany = multipart("/face-login");
        for (int i = 0; i < 6; i++) {
            tooMany.file(png(people.get(0)));
        }
        mvc.perform(tooMany.with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("too_many_frames"));
        BufferedImage black = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        mvc.perform(multipart("/setupfaceid").file(frame(FaceSamples.encode(black, "png"), "black.png"))
                        .file(png(people.get(0))).file(png(people.get(0))).param("consent", "true").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.error").value("too_dark"))
                .andExpect(jsonPath("$.message").value(containsString("light")));
        BufferedImage dim = FaceSamples.dimmed(people.get(0).frame(), 0.08);
        mvc.perform(multipart("/setupfaceid").file(png(people.get(0))).file(frame(FaceSamples.encode(dim, "png"), "dim.png"))
                        .file(png(people.get(0))).param("consent", "true").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.error").value("too_dark"))
                .andExpect(jsonPath("$.message").value(containsString("Picture 2")));
        // A frame of a different person among the frames of one user.
        mvc.perform(multipart("/setupfaceid").file(frame(people.get(0).shot(0), "a.png")).file(png(people.get(1)))
                        .file(frame(people.get(0).shot(1), "c.png")).param("consent", "true").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.error").value("frames_disagree"));
        BufferedImage two = new BufferedImage(1280, 480, BufferedImage.TYPE_INT_RGB);
        two.getGraphics().drawImage(people.get(0).frame(), 0, 0, null);
        two.getGraphics().drawImage(people.get(1).frame(), 640, 0, null);
        mvc.perform(multipart("/setupfaceid").file(frame(FaceSamples.encode(two, "png"), "two.png"))
                        .file(png(people.get(0))).file(png(people.get(0))).param("consent", "true").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.error").value("multiple_faces"));
        assertThat(templates.forUser(id)).isEmpty();
        assertThat(labelsRoot().resolve(Long.toString(id))).doesNotExist();
    }

    @Test
    void setupFramesMustBeBigFrontalSharpAndLitAndARefusalStoresNothing() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        long id = principal(name).getId();
        BufferedImage good = people.get(0).frame();
        Object[][] cases = {
                {StillAttacks.moved(good, 0, 0, 0.3, 0), "face_too_small", "come closer"},
                {StillAttacks.moved(good, 0, 0, 1, 25), "not_frontal", "turn towards the camera"},
                {FaceSamples.blurred(good, 2), "blurred", "Hold still: the picture is blurred"},
                {FaceSamples.dimmed(good, 0.08), "too_dark", "more light"},
        };
        for (Object[] c : cases) {
            mvc.perform(multipart("/setupfaceid").file(png(people.get(0)))
                            .file(frame(FaceSamples.encode((BufferedImage) c[0], "png"), "bad.png"))
                            .file(png(people.get(0))).param("consent", "true").session(session).with(csrf())
                            .accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.error").value(c[1]))
                    .andExpect(jsonPath("$.message").value(containsString("Picture 2: ")))
                    .andExpect(jsonPath("$.message").value(containsString((String) c[2])));
        }
        assertThat(templates.forUser(id)).isEmpty();
        assertThat(labelsRoot().resolve(Long.toString(id))).doesNotExist();
        // The page asks for the three frames the server needs.
        mvc.perform(get("/setupfaceid").session(session))
                .andExpect(content().string(containsString("data-frames=\"3\"")));
    }

    /** @return the image as PNG with the fastest deflate setting: other bytes, the same pixels */
    private static byte[] pngAtFastestCompression(BufferedImage image) throws java.io.IOException {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1.0f);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    @Test
    void onePictureSentSeveralTimesIsNotASetup() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        FaceSamples.Person person = people.get(0);
        // The same PNG twice, and the same pixels in two different PNG files: refused, nothing stored.
        byte[] other = pngAtFastestCompression(person.frame());
        assertThat(other).isNotEqualTo(person.png());
        mvc.perform(multipart("/setupfaceid").file(frame(person.shot(1), "a.png")).file(jpeg(person))
                        .file(frame(person.shot(1), "c.png")).param("consent", "true").session(session).with(csrf())
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.error").value("same_picture"))
                .andExpect(jsonPath("$.message").value(containsString("Pictures 1 and 3 are the same picture")));
        mvc.perform(multipart("/setupfaceid").file(png(person)).file(frame(other, "b.png")).file(jpeg(person)).param("consent", "true").session(session)
                        .with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error").value("same_picture"))
                .andExpect(jsonPath("$.message").value(containsString("Pictures 1 and 2 are the same picture")));
        assertThat(templates.forUser(principal(name).getId())).isEmpty();
        // Three frames of a still camera (sensor noise apart) are three pictures.
        enroll(session, person, 3);
    }

    @Test
    void theSameFaceCannotBeEnrolledForTwoAccounts() throws Exception {
        enroll(register(uniqueName()), people.get(0), 3);
        String other = uniqueName();
        mvc.perform(multipart("/setupfaceid").file(frame(people.get(0).shot(20), "a.png"))
                        .file(frame(people.get(0).shot(21), "b.png")).file(jpeg(people.get(0))).param("consent", "true")
                        .session(register(other)).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.error").value("face_not_unique"));
        assertThat(templates.forUser(principal(other).getId())).isEmpty();
    }

    /** A Face ID setup of {@code person} in {@code session} from 3 camera shots (seeded from {@code seed}). */
    private ResultActions setup(MockHttpSession session, FaceSamples.Person person, int seed) throws Exception {
        return setup(session, person, seed, "127.0.0.1");
    }

    private ResultActions setup(MockHttpSession session, FaceSamples.Person person, int seed, String address)
            throws Exception {
        return mvc.perform(multipart("/setupfaceid").file(frame(person.shot(seed), "a.png"))
                .file(frame(person.shot(seed + 1), "b.png")).file(frame(person.shot(seed + 2), "c.png"))
                .param("consent", "true").session(session).with(csrf()).with(request -> {
                    request.setRemoteAddr(address);
                    return request;
                }).accept(MediaType.APPLICATION_JSON));
    }

    @Test
    void anAccountCannotTestPhotoAfterPhotoForWhoHasFaceIdHere() throws Exception {
        // The attack (a README-only tester, 15 people in 5 s): register once, then send photos of person after
        // person to /setupfaceid; face_not_unique says who is set up here. Setups that reach the comparison with
        // the enrolled faces are counted, stored or not (a stored face in between does not reset the count): the
        // 6th of an account waits, with Retry-After. The clock stands still: the wait is stated to the second.
        clock.set(Instant.parse("2037-01-01T00:00:00Z"));
        enroll(register(uniqueName()), people.get(0), 3);
        String attacker = uniqueName();
        MockHttpSession session = register(attacker);
        for (int i = 0; i < 5; i++) {
            if (i % 2 == 0) {
                setup(session, people.get(0), 30 + 3 * i).andExpect(status().isUnprocessableContent())
                        .andExpect(jsonPath("$.error").value("face_not_unique"));
            } else {
                setup(session, people.get(1), 30 + 3 * i).andExpect(status().isCreated());
            }
        }
        setup(session, people.get(0), 60).andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.error").value("too_many_attempts"))
                .andExpect(header().string("Retry-After", "30"));
        setup(session, people.get(2), 63).andExpect(status().isTooManyRequests());
        // The account's limit holds from a new address too (a second tester made 7 setups, each from a new one).
        setup(session, people.get(2), 63, "198.51.100.99").andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"));
        // The account's recent activity lists them.
        mvc.perform(get("/account").session(session).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.recentLogins[?(@.method == 'face_setup' && @.outcome == 'failure')]", hasSize(3)))
                .andExpect(jsonPath("$.recentLogins[?(@.method == 'face_setup' && @.outcome == 'success')]", hasSize(2)))
                .andExpect(jsonPath("$.recentLogins[?(@.method == 'face_setup' && @.outcome == 'throttled')]",
                        hasSize(3)));
        // After the wait, one more.
        clock.advance(Duration.ofSeconds(31));
        setup(session, people.get(2), 66).andExpect(status().isCreated());
    }

    @Test
    void setupsRefusedForTheirPicturesAreNotCounted() throws Exception {
        // A user whose pictures are blurred or faceless tries again and again: none reached the comparison with
        // the enrolled faces, so none counts, and a good setup after them goes through.
        MockHttpSession session = register(uniqueName());
        BufferedImage blank = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 7; i++) {
            mvc.perform(multipart("/setupfaceid")
                            .file(frame(FaceSamples.encode(FaceSamples.shot(blank, 100 + 3 * i), "png"), "a.png"))
                            .file(frame(FaceSamples.encode(FaceSamples.shot(blank, 101 + 3 * i), "png"), "b.png"))
                            .file(frame(FaceSamples.encode(FaceSamples.shot(blank, 102 + 3 * i), "png"), "c.png"))
                            .param("consent", "true").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isUnprocessableContent());
        }
        setup(session, people.get(1), 90).andExpect(status().isCreated());
    }

    @Test
    void faceLoginIdentifiesTheRightUserWithANewSessionIdAndRefusesStrangers() throws Exception {
        String alice = uniqueName();
        String bob = uniqueName();
        enroll(register(alice), people.get(0), 3);
        enroll(register(bob), people.get(1), 3);

        // 1:N, the original's behaviour: each face logs in as its own account.
        for (var c : List.of(new Object[] {people.get(0), alice}, new Object[] {people.get(1), bob})) {
            MockHttpSession session = new MockHttpSession();
            String before = session.getId();
            MvcResult result = mvc.perform(multipart("/face-login").file(jpeg((FaceSamples.Person) c[0]))
                            .session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.username").value(c[1]))
                    .andExpect(jsonPath("$.redirect").value("/account"))
                    .andReturn();
            MockHttpSession after = (MockHttpSession) result.getRequest().getSession(false);
            assertThat(after.getId()).isNotEqualTo(before);
            mvc.perform(get("/account").session(after).accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(c[1]));
        }
        // A face that is not enrolled, a wrong face for a named user, an unknown user: one identical answer.
        String[] answers = {
            mvc.perform(multipart("/face-login").file(png(people.get(2))).with(csrf()).accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isUnauthorized()).andReturn().getResponse().getContentAsString(),
            mvc.perform(multipart("/face-login").file(png(people.get(1))).param("username", alice).with(csrf())
                            .accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isUnauthorized()).andReturn().getResponse().getContentAsString(),
            mvc.perform(multipart("/face-login").file(png(people.get(0))).param("username", "nobody-" + alice)
                            .with(csrf()).accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isUnauthorized()).andReturn().getResponse().getContentAsString()};
        assertThat(answers[0]).contains("no_match").contains(LoginController.NO_MATCH);
        assertThat(answers[1]).isEqualTo(answers[0]);
        assertThat(answers[2]).isEqualTo(answers[0]);
        // 1:1 with the right user name, typed with other case and spaces.
        mvc.perform(multipart("/face-login").file(png(people.get(0))).param("username", " " + alice.toUpperCase() + " ")
                        .with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(alice));
        // A user deleted meanwhile can no longer log in by face.
        users.deleteById(principal(alice).getId());
        mvc.perform(multipart("/face-login").file(png(people.get(0))).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("no_match"));
    }

    @Test
    void withLivenessOffThereIsNoChallenge() throws Exception {
        mvc.perform(post("/face-login/challenge").with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("liveness_off"));
        mvc.perform(get("/face-login")).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-liveness=\"false\"")));
    }

    @Test
    void cleanupEndpointIsClosedWhenNoTaskTokenIsConfigured() throws Exception {
        clock.set(Instant.parse("2035-01-01T00:00:00Z"));
        UserAccount old = accounts.register(uniqueName(), PASSWORD);
        clock.advance(Duration.ofDays(10));
        for (String token : new String[] {null, "", "anything"}) {
            var request = post("/tasks/cleanup").with(csrf());
            if (token != null) {
                request.header("X-Task-Token", token);
            }
            mvc.perform(request).andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.error").value("task_token_not_configured"));
        }
        mvc.perform(get("/api/labels").header("X-Task-Token", "anything"))
                .andExpect(status().isServiceUnavailable());
        assertThat(users.findById(old.getId())).isPresent();
    }

    @Test
    void ttlZeroKeepsAccountsForEver(@Autowired FaceTemplateRepository repo, @Autowired LabelStore labels,
                                     @Autowired TransactionTemplate tx, @Autowired LoginAttemptRepository attempts,
                                     @Autowired LoginThrottle throttle, @Autowired GallerySync gallery,
                                     @Autowired GalleryChanges galleryChanges,
                                     @Autowired io.facegate.cleanup.CleanupStatus status,
                                     @Autowired io.facegate.cleanup.ExpiredAccounts expired,
                                     @Autowired io.facegate.liveness.ReplayGuard replayGuard) {
        clock.set(Instant.parse("2036-01-01T00:00:00Z"));
        UserAccount old = accounts.register(uniqueName(), PASSWORD);
        clock.advance(Duration.ofDays(3650));
        FaceGateProperties keepForever = new FaceGateProperties("", "", "", 0, Path.of("unused"), 20,
                new FaceGateProperties.Cleanup(false, Duration.ofHours(1)), new FaceGateProperties.Password(1000),
                new FaceGateProperties.Face(5, 2_000_000, 2, "tiny", 416, 0.5, 80, null, 0.6, 0.3, 0.05, "server", 3, 120, Duration.ofSeconds(2)));
        CleanupReport report = new CleanupService(users, repo, labels, keepForever, clock, tx, attempts, throttle,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), gallery, galleryChanges, status, expired, replayGuard).run();
        assertThat(report.usersDeleted()).isZero();
        assertThat(report.cutoff()).isNull();
        assertThat(users.findById(old.getId())).isPresent();
    }
}
