package io.facegate.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.config.FaceGateProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password hashed under one {@code facegate.password.pbkdf2-iterations} still logs in after the setting changed
 * (a README-only tester: accounts hashed with 400000, then the default again, got HTTP 500 at every login).
 */
class PasswordSettingChangeTest {

    private static PasswordEncoder encoderWith(int iterations) {
        return new PasswordConfig().passwordEncoder(new FaceGateProperties("", "", "", 24, Path.of("labels"), 20,
                new FaceGateProperties.Cleanup(true, Duration.ofHours(1)), new FaceGateProperties.Password(iterations),
                new FaceGateProperties.Face(5, 2_000_000, 2, "tiny", 416, 0.5, 80, null, 0.6, 0.3, 0.05, "server", 3, 120,
                        Duration.ofSeconds(2))));
    }

    @Test
    void hashesOfAnEarlierIterationCountStillMatchAfterTheSettingChanged() {
        String before = encoderWith(2_000).encode("correct horse battery");
        assertThat(before).startsWith("{pbkdf2-sha256-i2000}");
        for (int now : new int[] {310_000, 1_000}) {
            PasswordEncoder today = encoderWith(now);
            assertThat(today.matches("correct horse battery", before)).as("setting now " + now).isTrue();
            assertThat(today.matches("wrong horse battery", before)).as("setting now " + now).isFalse();
        }
        String defaultHash = encoderWith(310_000).encode("correct horse battery");
        assertThat(encoderWith(2_000).matches("correct horse battery", defaultHash)).isTrue();
    }

    @Test
    void anUnknownSchemeOrAnAbsurdCountDoesNotMatch() {
        PasswordEncoder today = encoderWith(1_000);
        assertThat(today.matches("x", "{md5}5f4dcc3b5aa765d61d8327deb882cf99")).isFalse();
        assertThat(today.matches("x", "{pbkdf2-sha256-i99999999}abcd")).isFalse();
    }
}
