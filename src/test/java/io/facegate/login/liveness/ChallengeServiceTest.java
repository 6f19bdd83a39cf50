package io.facegate.login.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

class ChallengeServiceTest {

    @Test
    void everyChallengeHasTwoDifferentActionsOneOfThemATurn() {
        // Two nods alone would let a photo of the account's face answer for the frontal frames while another,
        // live, person nods: the nods' frames are not compared with the face (the descriptor moves with pitch).
        ChallengeService service = new ChallengeService(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"),
                ZoneOffset.UTC), new Random(42), LivenessRules.DEFAULT);
        Set<List<ChallengeAction>> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            List<ChallengeAction> actions = service.issue(new MockHttpSession()).actions();
            assertThat(actions).hasSize(2).doesNotHaveDuplicates();
            assertThat(actions).containsAnyOf(ChallengeAction.TURN_LEFT, ChallengeAction.TURN_RIGHT);
            seen.add(actions);
        }
        // 4 × 3 ordered pairs minus up-down and down-up: all 10 occur.
        assertThat(seen).hasSize(10)
                .doesNotContain(List.of(ChallengeAction.LOOK_UP, ChallengeAction.LOOK_DOWN),
                        List.of(ChallengeAction.LOOK_DOWN, ChallengeAction.LOOK_UP));
    }
}
