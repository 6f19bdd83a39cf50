package io.facegate.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.audit.LoginAttempt;
import io.facegate.audit.LoginAttemptRepository;
import io.facegate.cleanup.CleanupReport;
import io.facegate.cleanup.CleanupService;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.FaceSamples;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Login throttling with liveness off (NIST SP 800-63B without PAD: delays after 5 face failures, face login
 * disabled after 50) on the controllable clock, with real faces. Every test uses its own client addresses
 * (documentation ranges) and accounts.
 */
@TestPropertySource(properties = "facegate.liveness=off")
class ThrottleTest extends WebTestBase {

    private static List<FaceSamples.Person> people;

    @Autowired
    LoginAttemptRepository attempts;
    @Autowired
    LoginThrottle throttle;
    @Autowired
    CleanupService cleanup;

    @BeforeAll
    static void people() {
        people = FaceSamples.distinctPeople(3, 0.8); // all three face the camera, as Face ID setup requires
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @AfterEach
    void reset() {
        removeEveryFaceId(); // the same sample face may be enrolled by the next test
        clock.reset();
    }

    static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    static MockMultipartFile png(FaceSamples.Person person) {
        return new MockMultipartFile("frames", "frame.png", "image/png", person.png());
    }

    /** @return camera frame n of the person ({@link FaceSamples.Person#shot}) as a multipart part */
    static MockMultipartFile shot(FaceSamples.Person person, int n) {
        return new MockMultipartFile("frames", "shot" + n + ".png", "image/png", person.shot(n));
    }

    private String enrolledUser(FaceSamples.Person person) throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        mvc.perform(multipart("/setupfaceid").file(shot(person, 0)).file(shot(person, 1)).file(shot(person, 2)).param("consent", "true").session(session)
                        .with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isCreated());
        return name;
    }

    private ResultActions faceLogin(String username, FaceSamples.Person person, String address) throws Exception {
        var request = multipart("/face-login").file(png(person));
        if (username != null) {
            request.param("username", username);
        }
        return mvc.perform(request.with(csrf()).with(from(address)).accept(MediaType.APPLICATION_JSON));
    }

    private ResultActions passwordLogin(String username, String password, String address) throws Exception {
        return mvc.perform(post("/login").with(csrf()).with(from(address)).accept(MediaType.APPLICATION_JSON)
                .param("username", username).param("password", password));
    }

    @Test
    void sixthFaceFailureIsDelayedTheDelayDoublesAndThePasswordStillWorksElsewhere() throws Exception {
        clock.set(Instant.parse("2030-05-01T10:00:00Z"));
        String alice = enrolledUser(people.get(0));
        FaceSamples.Person stranger = people.get(1);
        String a = "203.0.113.10";
        for (int i = 1; i <= 5; i++) {
            faceLogin(alice, stranger, a).andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.error").value("no_match"));
        }
        faceLogin(alice, stranger, a).andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(jsonPath("$.error").value("too_many_attempts"))
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("30 seconds")));
        // Even the right face waits: the check comes before the face is looked at.
        faceLogin(alice, people.get(0), a).andExpect(status().isTooManyRequests());
        clock.advance(Duration.ofSeconds(29));
        faceLogin(alice, stranger, a).andExpect(header().string("Retry-After", "1"));
        clock.advance(Duration.ofSeconds(1));
        faceLogin(alice, stranger, a).andExpect(status().isUnauthorized()); // 6th failure
        faceLogin(alice, stranger, a).andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "60"));
        clock.advance(Duration.ofSeconds(60));
        faceLogin(alice, stranger, a).andExpect(status().isUnauthorized()); // 7th failure
        faceLogin(alice, stranger, a).andExpect(header().string("Retry-After", "120"));

        // The password path from another address is not touched, and does not free that address's face path.
        passwordLogin(alice, PASSWORD, "198.51.100.20").andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value(alice));
        faceLogin(alice, people.get(0), a).andExpect(status().isTooManyRequests());
        // Face login for the same account from another address works.
        faceLogin(alice, people.get(0), "198.51.100.20").andExpect(status().isOk());

        long id = principal(alice).getId();
        List<LoginAttempt> rows = attempts.findAll().stream().filter(r -> Long.valueOf(id).equals(r.getUserId()))
                .toList();
        assertThat(rows.stream().filter(r -> r.getOutcome().equals("failure") && r.getReason().equals("no_match")))
                .hasSize(7);
        assertThat(rows.stream().filter(r -> r.getOutcome().equals("throttled"))).hasSize(6);
        // The Face ID setup at the start is audited too (FaceSetupThrottle).
        assertThat(rows.stream().filter(r -> r.getOutcome().equals("success"))).extracting(LoginAttempt::getMethod)
                .containsExactly("face_setup", "password", "face");
        assertThat(rows).allSatisfy(r -> assertThat(r.getAttemptedAt()).isAfterOrEqualTo(
                Instant.parse("2030-05-01T10:00:00Z")));
        assertThat(rows.stream().filter(r -> r.getClientAddress().equals(a))).hasSize(13);
    }

    @Test
    void guessesFromNewAddressesOfOneIpv6Slash64OrNewSpellingsOfOneAddressCountAsOneClient() throws Exception {
        // A README-only tester, behind TRUSTED_PROXIES: 40 wrong passwords on one account, each from a new address
        // of one /64, were never delayed; nor were 8 spellings of one address.
        clock.set(Instant.parse("2030-06-02T10:00:00Z"));
        String victim = uniqueName();
        register(victim);
        for (int i = 1; i <= 5; i++) {
            passwordLogin(victim, "wrong password " + i, "2001:db8:42:9::" + Integer.toHexString(i))
                    .andExpect(status().isUnauthorized());
        }
        passwordLogin(victim, PASSWORD, "2001:db8:42:9:ab:cd:ef:1").andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"));
        passwordLogin(victim, PASSWORD, "2001:db8:42:a::1").andExpect(status().isOk()); // the next /64: another client

        String other = uniqueName();
        register(other);
        String[] spellings = {"203.0.113.7", "::ffff:203.0.113.7", "::ffff:cb00:7107", "203.0.113.07", "203.000.113.7"};
        for (String spelling : spellings) {
            passwordLogin(other, "wrong", spelling).andExpect(status().isUnauthorized());
        }
        passwordLogin(other, PASSWORD, "0:0:0:0:0:ffff:cb00:7107").andExpect(status().isTooManyRequests());
        assertThat(jdbc.queryForList("SELECT DISTINCT client_address FROM login_attempts la JOIN users u ON "
                + "u.id = la.user_id WHERE u.username = ?", String.class, other)).containsExactly("203.0.113.7");
    }

    @Test
    void passwordSprayingFromOneAddressIsDelayedButTheAccountsStayOpenElsewhere() throws Exception {
        clock.set(Instant.parse("2030-06-01T10:00:00Z"));
        String sprayer = "192.0.2.77";
        String victim = uniqueName();
        register(victim);
        List<String> others = List.of(uniqueName(), uniqueName());
        others.forEach(name -> {
            try {
                register(name);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 20; i++) { // one guess per account: no (account, address) pair reaches its limit
            String target = i == 0 ? victim : i <= 2 ? others.get(i - 1) : "nobody" + i + uniqueName();
            passwordLogin(target, "wrong password " + i, sprayer).andExpect(status().isUnauthorized());
        }
        // 21st attempt from that address, even with the right password: wait 30 s.
        passwordLogin(victim, PASSWORD, sprayer).andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"));
        // Pages are sent back to the form with the message.
        mvc.perform(post("/login").with(csrf()).with(from(sprayer)).param("username", victim)
                        .param("password", PASSWORD))
                .andExpect(redirectedUrl("/login?retry=30"));
        mvc.perform(get("/login").param("retry", "30"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("Try again in 30 seconds")));
        // The victim logs in from home.
        passwordLogin(victim, PASSWORD, "198.51.100.30").andExpect(status().isOk());
        clock.advance(Duration.ofSeconds(30));
        passwordLogin(victim, "still wrong", sprayer).andExpect(status().isUnauthorized());
        passwordLogin(victim, "still wrong", sprayer).andExpect(header().string("Retry-After", "60"));
    }

    @Test
    void aCorrectPasswordFromABusyAddressDoesNotStartANewWaitForTheNextUserThere() throws Exception {
        clock.set(Instant.parse("2030-06-02T10:00:00Z"));
        String office = "192.0.2.78"; // one address for many people (NAT), after someone sprayed from it
        String alice = uniqueName();
        String bob = uniqueName();
        register(alice);
        register(bob);
        for (int i = 0; i < 20; i++) {
            passwordLogin("nobody" + i + uniqueName(), "wrong password " + i, office)
                    .andExpect(status().isUnauthorized());
        }
        passwordLogin(alice, PASSWORD, office).andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"));
        clock.advance(Duration.ofSeconds(30));
        // The wait is over: a correct password goes through, and so does the next person's straight after it
        // (each success was counted when it started; taking the count back also takes back its time).
        passwordLogin(alice, PASSWORD, office).andExpect(status().isOk());
        passwordLogin(bob, PASSWORD, office).andExpect(status().isOk());
        passwordLogin(alice, PASSWORD, office).andExpect(status().isOk());
        // A wrong password is still a failure at its own time: the address waits again after it.
        passwordLogin(bob, "wrong again", office).andExpect(status().isUnauthorized());
        passwordLogin(bob, PASSWORD, office).andExpect(status().isTooManyRequests());
    }

    @Test
    void faceIdentificationGuessesNamingNoAccountAreCountedPerAddress() throws Exception {
        clock.set(Instant.parse("2030-07-01T10:00:00Z"));
        String address = "192.0.2.99";
        var dark = new MockMultipartFile("frames", "dark.png", "image/png",
                FaceSamples.encode(new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB), "png"));
        for (int i = 0; i < 10; i++) { // liveness off: address limit 2 × 5
            mvc.perform(multipart("/face-login").file(dark).with(csrf()).with(from(address))
                            .accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isUnprocessableContent());
        }
        mvc.perform(multipart("/face-login").file(dark).with(csrf()).with(from(address))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isTooManyRequests()).andExpect(header().string("Retry-After", "30"));
        assertThat(attempts.findAll().stream().filter(r -> r.getClientAddress().equals(address)
                && r.getUserId() == null && r.getReason().equals("too_dark"))).hasSize(10);
    }

    @Test
    void attackersAtOtherAddressesSlowAnAccountButNeverBlockTheUsersFirstAttempt() throws Exception {
        clock.set(Instant.parse("2030-08-01T10:00:00Z"));
        String bob = uniqueName();
        register(bob);
        for (int i = 1; i <= 12; i++) { // 12 addresses, one guess each: account counter 12 ≥ 10
            passwordLogin(bob, "guess " + i, "203.0.113." + (100 + i)).andExpect(status().isUnauthorized());
        }
        // Each attacking address now waits 30 s × 2^(12 − 10) = 120 s after its own guess.
        passwordLogin(bob, "guess again", "203.0.113.101").andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "120"));
        // Bob, at an address with no failure, is let through at once.
        passwordLogin(bob, PASSWORD, "198.51.100.40").andExpect(status().isOk());
        // His success reset the account counter: the attackers are back to their own pair counters.
        passwordLogin(bob, "guess again", "203.0.113.101").andExpect(status().isUnauthorized());
    }

    @Test
    void fiftyFaceFailuresDisableFaceLoginUntilAPasswordLogin() throws Exception {
        clock.set(Instant.parse("2030-09-01T10:00:00Z"));
        String carol = enrolledUser(people.get(0));
        long id = principal(carol).getId();
        for (int i = 0; i < 50; i++) { // one failure from each of 50 addresses
            throttle.failed(AttemptMethod.FACE, new AccountRef(io.facegate.account.UserAccount.keyOf(carol), id), "203.0.113." + i);
        }
        faceLogin(carol, people.get(0), "198.51.100.50").andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.error").value("face_login_disabled"))
                .andExpect(header().doesNotExist("Retry-After"));
        // 1:N with her face: the matched account is disabled too.
        faceLogin(null, people.get(0), "198.51.100.50").andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.error").value("face_login_disabled"));
        clock.advance(Duration.ofHours(13)); // the quiet time does not lift it
        faceLogin(carol, people.get(0), "198.51.100.50").andExpect(status().isTooManyRequests());
        passwordLogin(carol, PASSWORD, "198.51.100.50").andExpect(status().isOk());
        faceLogin(carol, people.get(0), "198.51.100.50").andExpect(status().isOk());
    }

    @Test
    void auditTrailIsShownToItsOwnerAndRemovedWithTheAccount() throws Exception {
        Instant t0 = Instant.parse("2040-01-01T00:00:00Z");
        clock.set(t0);
        String dave = uniqueName();
        register(dave);
        long id = principal(dave).getId();
        String address = "198.51.100.60";
        passwordLogin(dave, "wrong", address).andExpect(status().isUnauthorized());
        passwordLogin("nobody-" + dave, "wrong", address).andExpect(status().isUnauthorized());
        clock.advance(Duration.ofMinutes(1));
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf()).with(from(address))
                        .accept(MediaType.APPLICATION_JSON).param("username", dave).param("password", PASSWORD))
                .andExpect(status().isOk());
        mvc.perform(get("/account").session(session).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.recentLogins.length()").value(2))
                .andExpect(jsonPath("$.recentLogins[0].method").value("password"))
                .andExpect(jsonPath("$.recentLogins[0].outcome").value("success"))
                .andExpect(jsonPath("$.recentLogins[0].at").value(t0.plus(Duration.ofMinutes(1)).toString()))
                .andExpect(jsonPath("$.recentLogins[1].outcome").value("failure"))
                .andExpect(jsonPath("$.recentLogins[1].reason").value("wrong_password"))
                .andExpect(jsonPath("$.recentLogins[1].address").value(address));
        mvc.perform(get("/account").session(session))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("Recent logins")));
        for (int i = 0; i < 12; i++) {
            passwordLogin(dave, PASSWORD, address).andExpect(status().isOk());
        }
        mvc.perform(get("/account").session(session).accept(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.recentLogins.length()").value(10));
        assertThat(attempts.countByUserId(id)).isEqualTo(14);
        assertThat(attempts.findAll().stream().filter(r -> r.getUserId() == null
                && r.getReason().equals("unknown_user") && r.getAttemptedAt().equals(t0))).hasSize(1);

        clock.set(t0.plus(Duration.ofHours(25)));
        CleanupReport report = cleanup.run();
        assertThat(users.findById(id)).isEmpty();
        assertThat(attempts.countByUserId(id)).isZero();
        assertThat(report.loginAttemptsDeleted()).isGreaterThanOrEqualTo(15); // 14 of dave + the unknown user
        assertThat(attempts.findAll().stream().filter(r -> !r.getAttemptedAt().isAfter(t0.plus(Duration.ofMinutes(1)))
                && r.getAttemptedAt().isAfter(t0.minusSeconds(1)))).isEmpty();
    }
}
