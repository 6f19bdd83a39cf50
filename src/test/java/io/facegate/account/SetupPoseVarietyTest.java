package io.facegate.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.face.pose.HeadPose;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetupPoseVarietyTest {

    private static HeadPose yaw(double degrees) {
        return new HeadPose(degrees, 2, 1);
    }

    @Test
    void aSlightTurnEachWayCountsAndAHeadHeldStillDoesNot() {
        // straight, 6° to one side, 5° to the other: range 11°
        assertThat(SetupPoseVariety.yawRange(List.of(yaw(0.5), yaw(6.5), yaw(-4.5)))).isEqualTo(11.0);
        assertThat(SetupPoseVariety.turned(List.of(yaw(0.5), yaw(6.5), yaw(-4.5)))).isTrue();
        // one way only is enough: 5° exactly
        assertThat(SetupPoseVariety.turned(List.of(yaw(1), yaw(6), yaw(2)))).isTrue();
        // a still head (jitter of a degree or two) is not
        assertThat(SetupPoseVariety.turned(List.of(yaw(1), yaw(2.5), yaw(0.2)))).isFalse();
        assertThat(SetupPoseVariety.yawRange(List.of(yaw(7)))).isZero();
        assertThat(SetupPoseVariety.turned(List.of())).isFalse();
    }
}
