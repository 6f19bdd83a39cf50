package io.facegate.liveness;

import java.security.SecureRandom;
import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.context.annotation.Configuration;

import io.facegate.config.LoginSettings;
import io.facegate.face.FrameAnalyzer;

/**
 * The liveness challenge's beans. {@code facegate.liveness} ({@code LIVENESS}): {@code active} (default) makes
 * face login answer a challenge; {@code off} keeps single-frame face login, for kiosks with their own
 * presentation-attack detection.
 */
@Configuration(proxyBeanMethods = false)
public class LivenessConfig {

    /**
     * @param settings the login settings, which read {@code facegate.liveness}
     * @return whether face login needs a challenge
     */
    @Bean
    public LivenessMode livenessMode(LoginSettings settings) {
        return settings.liveness();
    }

    /** @return the documented thresholds */
    @Bean
    public LivenessRules livenessRules() {
        return LivenessRules.DEFAULT;
    }

    /** @return challenges bound to sessions */
    @Bean
    public ChallengeService challengeService(Clock clock, LivenessRules rules) {
        return new ChallengeService(clock, new SecureRandom(), rules);
    }

    /**
     * @param clock        time source
     * @param rules        the duplicate residual
     * @param jdbc         the database
     * @param transactions the transaction manager
     * @return memory of recent successful answers, in the database (shared by every instance)
     */
    @Bean
    public ReplayGuard replayGuard(Clock clock, LivenessRules rules, JdbcTemplate jdbc,
                                   PlatformTransactionManager transactions) {
        return new ReplayGuard(clock, rules.duplicateResidual(),
                new JdbcReplayStore(jdbc, new TransactionTemplate(transactions)));
    }

    /** @return the engine-backed liveness examination */
    @Bean
    public LivenessGate livenessGate(FrameAnalyzer analyzer, LivenessRules rules) {
        return new LivenessGate(analyzer, new LivenessCheck(rules), rules);
    }
}
