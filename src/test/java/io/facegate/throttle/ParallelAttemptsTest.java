package io.facegate.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.facegate.support.WebTestBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * Parallel attempts cannot get around the throttle: the attempt is counted in the same statement that decides
 * it, so of 40 wrong passwords sent at once for one account from one address at most the pair limit (5) are
 * checked and the rest are answered 429.
 */
class ParallelAttemptsTest extends WebTestBase {

    @Autowired
    LoginThrottle throttle;

    @Test
    void thirtyParallelFaceAttemptsOnTheRealDatabaseLetThroughAtMostTheFaceLimit() throws Exception {
        clock.set(Instant.parse("2031-02-01T10:00:00Z"));
        String name = uniqueName();
        register(name);
        AccountRef id = new AccountRef(io.facegate.account.UserAccount.keyOf(name), principal(name).getId());
        int limit = throttle.rules(AttemptMethod.FACE).pairThreshold(); // 10 with the liveness challenge
        int n = 30;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    if (throttle.attempt(AttemptMethod.FACE, id, "203.0.113.201").allowed()) {
                        allowed.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allowed.get()).as("attempts let through").isBetween(1, limit);
        // Racing on the pair and the address counters, a few may be refused below the limit (a refusal takes its
        // count back): attempts made one after the other then get the rest, and never more than the limit in all.
        int after = 0;
        while (throttle.attempt(AttemptMethod.FACE, id, "203.0.113.201").allowed()) {
            after++;
            assertThat(allowed.get() + after).as("attempts let through in all").isLessThanOrEqualTo(limit);
        }
        assertThat(allowed.get() + after).as("attempts let through in all").isEqualTo(limit);
    }

    @Test
    void fortyParallelWrongPasswordsAreCheckedAtMostFiveTimes() throws Exception {
        clock.set(Instant.parse("2031-01-01T10:00:00Z"));
        String victim = uniqueName();
        register(victim);
        int n = 40;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int guess = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return mvc.perform(post("/login").with(csrf()).with(ThrottleTest.from("203.0.113.200"))
                                    .accept(MediaType.APPLICATION_JSON).param("username", victim)
                                    .param("password", "wrong guess " + guess))
                            .andReturn().getResponse().getStatus();
                }));
            }
            start.countDown();
            int checked = 0;
            int refused = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                if (status == 401) {
                    checked++;
                } else if (status == 429) {
                    refused++;
                }
            }
            assertThat(checked).as("passwords checked").isBetween(1, 5);
            assertThat(refused).as("answered 429").isEqualTo(n - checked);
        } finally {
            pool.shutdownNow();
        }
    }
}
