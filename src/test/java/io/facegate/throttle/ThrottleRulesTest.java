package io.facegate.throttle;

import io.facegate.liveness.LivenessMode;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.config.LoginSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottleRulesTest {

    @Test
    void faceNumbersFollowNistWithAndWithoutLiveness() {
        ThrottleRules active = ThrottleRules.face(LivenessMode.ACTIVE);
        ThrottleRules off = ThrottleRules.face(LivenessMode.OFF);
        assertThat(active.pairThreshold()).isEqualTo(10);
        assertThat(active.disableAt()).isEqualTo(100);
        assertThat(off.pairThreshold()).isEqualTo(5);
        assertThat(off.disableAt()).isEqualTo(50);
        assertThat(ThrottleRules.password().disableAt()).isZero();
    }

    @Test
    void delayStartsAt30SecondsAtTheThresholdAndDoublesUpToTheCap() {
        ThrottleRules r = ThrottleRules.password();
        Duration cap = Duration.ofMinutes(15);
        assertThat(r.delay(4, 5, cap)).isEqualTo(Duration.ZERO);
        assertThat(r.delay(5, 5, cap)).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.delay(6, 5, cap)).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.delay(9, 5, cap)).isEqualTo(Duration.ofSeconds(480));
        assertThat(r.delay(10, 5, cap)).isEqualTo(cap);
        assertThat(r.delay(Integer.MAX_VALUE, 5, cap)).isEqualTo(cap);
    }

    @Test
    void settingsAcceptTheDocumentedValuesOnly() {
        assertThat(LoginSettings.parse("OFF", "second-factor"))
                .isEqualTo(new LoginSettings(LivenessMode.OFF, LoginSettings.FaceMode.SECOND_FACTOR));
        assertThat(LoginSettings.parse(" active ", "Alternative").secondFactor()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoginSettings.parse("maybe", "alternative"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("active or off");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoginSettings.parse("off", "both"))
                .hasMessageContaining("alternative or second-factor");
    }
}
