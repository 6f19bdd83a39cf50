package io.facegate.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.facegate.FaceGateApplication;
import io.facegate.account.AccountService;
import io.facegate.face.AnalysisOptions;
import io.facegate.face.DetectorKind;
import io.facegate.face.Face;
import io.facegate.face.FaceEngine;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.HeadPoseEstimator;
import io.facegate.support.MutableClock;
import io.facegate.support.WebTestBase;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.StillAttacks;
import io.facegate.testsupport.TestImages;

/**
 * The replay memory is in the database: two instances of the whole application (two Spring contexts, as two
 * processes would be) on one SQLite database file. An answer remembered by one is refused by the other, also
 * cropped, zoomed or stretched 110–130% in one direction; the same answer sent to both at once logs in once; the
 * memory keeps 5 answers per account and forgets them after 24 h. Uses the turn-left frames of the shared
 * head-turn clip (skipped without it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedReplayMemoryTest {

    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;
    private LivenessCheck.Verdict answer;
    private Path root;

    @BeforeEach
    void needsTheClip() {
        LivenessClips.assumePresent();
    }

    @BeforeAll
    void start() throws IOException {
        if (!LivenessClips.present()) {
            return;
        }
        root = Files.createTempDirectory("facegate-replay-memory-test");
        String url = "sqlite:///" + root.resolve("facegate.db");
        first = start(url, root.resolve("labels1"));
        second = start(url, root.resolve("labels2"));
        // The clip's turn to the left (frames 0–16, step 2), as the engine sees it.
        FaceEngine engine = first.getBean(FaceEngine.class);
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        List<FaceLandmarks> landmarks = new ArrayList<>();
        List<HeadPose> poses = new ArrayList<>();
        for (int i = 0; i <= 16; i += 2) {
            List<Face> faces = engine.analyze(TestImages.of(StillAttacks.decode(StillAttacks.jpeg(clip.get(i), 0.9f))),
                    new AnalysisOptions(DetectorKind.TINY, 416, 0.5));
            if (faces.size() == 1) {
                landmarks.add(faces.get(0).landmarks());
                poses.add(HeadPoseEstimator.estimate(faces.get(0).landmarks()));
            }
        }
        answer = new LivenessCheck.Verdict(null, null, List.of(), landmarks, poses);
    }

    private static ConfigurableApplicationContext start(String url, Path labels) {
        return new SpringApplicationBuilder(FaceGateApplication.class, WebTestBase.ClockConfig.class)
                .run("--server.port=0", "--facegate.database-url=" + url, "--facegate.labels-dir=" + labels,
                        "--facegate.password.pbkdf2-iterations=1000", "--facegate.cleanup.enabled=false",
                        "--spring.main.banner-mode=off");
    }

    @AfterAll
    void stop() {
        for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {second, first}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private long newUser() {
        return first.getBean(AccountService.class)
                .register("rm" + Long.toString(System.nanoTime() % 10_000_000, 36), "correct horse battery").getId();
    }

    /** The answer's landmarks mapped by x' = sx·x + k·y + dx, y' = sy·y + dy. */
    private LivenessCheck.Verdict transformed(double sx, double sy, double shear, double dx, double dy) {
        List<FaceLandmarks> out = new ArrayList<>();
        for (FaceLandmarks f : answer.landmarks()) {
            List<Point> points = new ArrayList<>();
            for (Point p : f.points()) {
                points.add(new Point(sx * p.x() + shear * p.y() + dx, sy * p.y() + dy));
            }
            out.add(new FaceLandmarks(points));
        }
        return new LivenessCheck.Verdict(null, null, List.of(), out, answer.poses());
    }

    @Test
    void anAnswerRememberedByOneInstanceIsRefusedByTheOtherEvenCroppedOrStretched() {
        ReplayGuard one = first.getBean(ReplayGuard.class);
        ReplayGuard two = second.getBean(ReplayGuard.class);
        long user = newUser();
        assertThat(one.replayedOrRemembered(user, answer)).isFalse();
        assertThat(two.replayedOrRemembered(user, answer)).as("the same answer at the other instance").isTrue();
        // A crop (shift) and zoom, and copies stretched in one direction by 10–30%, or sheared.
        assertThat(two.replayedOrRemembered(user, transformed(1.25, 1.25, 0, -80, -40))).isTrue();
        for (double stretch : new double[] {1.1, 1.2, 1.3}) {
            assertThat(two.replayedOrRemembered(user, transformed(stretch, 1, 0, 0, 0))).as("x ×" + stretch).isTrue();
            assertThat(two.replayedOrRemembered(user, transformed(1, stretch, 0, 0, 0))).as("y ×" + stretch).isTrue();
        }
        assertThat(two.replayedOrRemembered(user, transformed(1, 1, 0.15, 0, 0))).isTrue();
        // Another account's memory is its own.
        assertThat(two.replayedOrRemembered(newUser(), answer)).isFalse();
    }

    @Test
    void oneAnswerSentToBothInstancesAtOnceLogsInOnce() throws Exception {
        ReplayGuard one = first.getBean(ReplayGuard.class);
        ReplayGuard two = second.getBean(ReplayGuard.class);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                long user = newUser();
                CountDownLatch go = new CountDownLatch(1);
                Callable<Boolean> a = () -> {
                    go.await();
                    return one.replayedOrRemembered(user, answer);
                };
                Callable<Boolean> b = () -> {
                    go.await();
                    return two.replayedOrRemembered(user, answer);
                };
                Future<Boolean> fa = pool.submit(a);
                Future<Boolean> fb = pool.submit(b);
                go.countDown();
                assertThat(List.of(fa.get(), fb.get())).containsExactlyInAnyOrder(true, false);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theMemoryKeepsFiveAnswersPerAccountAndForgetsThemAfterADay() {
        ReplayGuard one = first.getBean(ReplayGuard.class);
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        MutableClock clock1 = first.getBean(MutableClock.class);
        MutableClock clock2 = second.getBean(MutableClock.class);
        Instant t0 = Instant.parse("2062-01-10T08:00:00Z");
        clock1.set(t0);
        clock2.set(t0);
        long user = newUser();
        // Six different answers (shifted far apart in pose is not possible with one clip: bent copies instead).
        for (int k = 0; k < 6; k++) {
            assertThat(one.replayedOrRemembered(user, bent(k))).as("answer " + k).isFalse();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM liveness_answers WHERE user_id = ?", Integer.class, user))
                .isEqualTo(5);
        ReplayGuard two = second.getBean(ReplayGuard.class);
        assertThat(two.replayedOrRemembered(user, bent(5))).isTrue();
        clock2.advance(Duration.ofHours(25));
        assertThat(two.deleteExpired()).isGreaterThanOrEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM liveness_answers WHERE user_id = ?", Integer.class, user))
                .isZero();
        assertThat(two.replayedOrRemembered(user, bent(5))).as("forgotten after 24 h").isFalse();
    }

    /** The answer with every landmark moved by a different non-affine bend per k (a different answer per k). */
    private LivenessCheck.Verdict bent(int k) {
        List<FaceLandmarks> out = new ArrayList<>();
        for (FaceLandmarks f : answer.landmarks()) {
            double eye = io.facegate.face.pose.LandmarkMotion.eyeDistance(f);
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < f.points().size(); i++) {
                Point p = f.points().get(i);
                points.add(new Point(p.x() + 0.15 * eye * Math.sin(i * (k + 1) * 0.7), p.y()));
            }
            out.add(new FaceLandmarks(points));
        }
        return new LivenessCheck.Verdict(null, null, List.of(), out, answer.poses());
    }
}
