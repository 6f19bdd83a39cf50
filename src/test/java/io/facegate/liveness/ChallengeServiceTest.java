package io.facegate.liveness;

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

    @Test
    void cuesComeAtRandomTimesWithinTheDocumentedDelays() {
        ChallengeService service = new ChallengeService(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"),
                ZoneOffset.UTC), new Random(7), LivenessRules.DEFAULT);
        Set<Long> firsts = new HashSet<>();
        long minFirst = Long.MAX_VALUE;
        long maxFirst = 0;
        long minGap = Long.MAX_VALUE;
        long maxGap = 0;
        for (int i = 0; i < 2000; i++) {
            Challenge c = service.issue(new MockHttpSession());
            assertThat(c.cues()).hasSize(2);
            assertThat(c.cues().stream().map(Cue::action).toList()).isEqualTo(c.actions());
            assertThat(c.issuedAt()).isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
            long first = c.cues().get(0).atMs();
            long gap = c.cues().get(1).atMs() - first;
            firsts.add(first);
            minFirst = Math.min(minFirst, first);
            maxFirst = Math.max(maxFirst, first);
            minGap = Math.min(minGap, gap);
            maxGap = Math.max(maxGap, gap);
        }
        // First cue 0.8–2.5 s after issue; the next 1.5 s (the action) plus 0.8–2.5 s later; spread over the range.
        assertThat(minFirst).isBetween(800L, 850L);
        assertThat(maxFirst).isBetween(2450L, 2500L);
        assertThat(minGap).isBetween(2300L, 2350L);
        assertThat(maxGap).isBetween(3950L, 4000L);
        assertThat(firsts.size()).isGreaterThan(500);
    }
}
