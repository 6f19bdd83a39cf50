package io.facegate.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.pose.HeadPose;

class ReplayGuardTest {

    /** A face shape of 68 points, bent by {@code turn} so that each turned frame has its own landmarks. */
    private static FaceLandmarks face(double turn) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            double a = 2 * Math.PI * i / FaceLandmarks.COUNT;
            points.add(new Point(100 + 50 * Math.cos(a) + turn * Math.sin(3 * a), 100 + 60 * Math.sin(a)));
        }
        return new FaceLandmarks(points);
    }

    /** A passed answer: a frontal frame, then four frames turned 20–35°. */
    private static LivenessCheck.Verdict answer() {
        return answer(4, 0);
    }

    /**
     * @param turned number of turned frames (20° and more)
     * @param bend   added to each turned frame's landmark bend, so that different values give different pictures
     */
    private static LivenessCheck.Verdict answer(int turned, double bend) {
        List<FaceLandmarks> landmarks = new ArrayList<>();
        List<HeadPose> poses = new ArrayList<>();
        landmarks.add(face(0));
        poses.add(new HeadPose(0, 0, 0));
        for (int k = 1; k <= turned; k++) {
            landmarks.add(face(4 * k + bend));
            poses.add(new HeadPose(15 + 5 * k, 0, 0));
        }
        return new LivenessCheck.Verdict(null, null, List.of(), landmarks, poses);
    }

    @Test
    void anAnswerWithFewerTurnedFramesThanTheReplayCountIsStillCaughtWhenSentAgain() {
        ReplayGuard guard = new ReplayGuard(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC),
                LivenessRules.DEFAULT.duplicateResidual());
        for (int turned = 1; turned < ReplayGuard.MIN_REPLAYED; turned++) {
            long user = turned;
            assertThat(guard.replayedOrRemembered(user, answer(turned, 0))).as("first sending, %d turned", turned)
                    .isFalse();
            assertThat(guard.replayedOrRemembered(user, answer(turned, 0))).as("sent again, %d turned", turned)
                    .isTrue();
            // A new take of the same account (other turned pictures) is not a replay.
            assertThat(guard.replayedOrRemembered(user, answer(turned, 2.5))).as("new take, %d turned", turned)
                    .isFalse();
        }
    }

    @Test
    void theSameAnswerSentInTwoSessionsAtOnceLogsInOnce() throws Exception {
        ReplayGuard guard = new ReplayGuard(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC),
                LivenessRules.DEFAULT.duplicateResidual());
        for (int round = 0; round < 50; round++) {
            long user = round;
            CountDownLatch go = new CountDownLatch(1);
            Callable<Boolean> send = () -> {
                go.await();
                return guard.replayedOrRemembered(user, answer());
            };
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Boolean> a = pool.submit(send);
                Future<Boolean> b = pool.submit(send);
                go.countDown();
                assertThat(List.of(a.get(), b.get())).as("round %d", round).containsExactlyInAnyOrder(false, true);
            } finally {
                pool.shutdownNow();
            }
        }
        // A third sending later is a replay too.
        assertThat(guard.replayedOrRemembered(0, answer())).isTrue();
    }
}
