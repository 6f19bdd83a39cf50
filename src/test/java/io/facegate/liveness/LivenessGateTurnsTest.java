package io.facegate.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.DetectorKind;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.testsupport.ClipEngineTest;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.StillAttacks;

/**
 * The gate analyses at most its number of answers at once; a further answer waits until one ends, and one beyond
 * the waiting room is refused at once (a flood of answers cannot queue without bound). Counted, not timed: the
 * stored-image look-up of each answer's frame holds the answer inside the gate until the test lets it go. Skipped
 * without the shared data.
 */
class LivenessGateTurnsTest extends ClipEngineTest {

    @Test
    @Timeout(120) // without the bound the third answer never queues: a failure, not a hang
    void aThirdAnswerWaitsWhileTwoAreAnalysedAndAFourthFindsNoRoomToWait() throws Exception {
        FrameAnalyzer analyzer = new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()), engine,
                new AnalysisOptions(DetectorKind.TINY, 416, 0.5, Pipeline.SERVER), FrameAnalyzer.Rules.DEFAULT);
        LivenessGate gate = new LivenessGate(analyzer, new LivenessCheck(LivenessRules.DEFAULT), LivenessRules.DEFAULT,
                2, 1);
        List<byte[]> answer = List.of(StillAttacks.jpeg(LivenessClips.headTurn(2).get(0), 0.9f));
        Challenge challenge = new Challenge("n", List.of(ChallengeAction.TURN_LEFT, ChallengeAction.TURN_RIGHT),
                Instant.now().plusSeconds(60), Instant.now(), List.of());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch letGo = new CountDownLatch(1);
        CountDownLatch twoInside = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<LivenessCheck.Verdict>> done = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                if (i == 2) {
                    assertThat(twoInside.await(60, TimeUnit.SECONDS)).isTrue();
                }
                done.add(pool.submit(() -> gate.examine(answer, new long[] {100}, challenge, (image, face) -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    twoInside.countDown();
                    try {
                        letGo.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inside.decrementAndGet();
                    return false;
                })));
            }
            while (gate.waiting() < 1) {
                Thread.onSpinWait(); // the third answer reaches the gate and queues (the test's @Timeout guards)
            }
            assertThat(inside.get()).isEqualTo(2);
            // A fourth answer finds both slots taken and the one place to wait taken: refused at once, unanalysed.
            AtomicInteger fourthLooked = new AtomicInteger();
            assertThatThrownBy(() -> gate.examine(answer, new long[] {100}, challenge, (image, face) -> {
                fourthLooked.incrementAndGet();
                return false;
            })).isInstanceOf(LivenessGate.BusyException.class);
            assertThat(fourthLooked.get()).isZero();
            assertThat(gate.waiting()).isEqualTo(1);
            letGo.countDown();
            for (Future<LivenessCheck.Verdict> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(most.get()).isEqualTo(2);
            assertThat(gate.waiting()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void atLeastOneAnswerAtATimeAndNoNegativeWaitingRoom() {
        assertThatThrownBy(() -> new LivenessGate(null, new LivenessCheck(LivenessRules.DEFAULT),
                LivenessRules.DEFAULT, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LivenessGate(null, new LivenessCheck(LivenessRules.DEFAULT),
                LivenessRules.DEFAULT, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
