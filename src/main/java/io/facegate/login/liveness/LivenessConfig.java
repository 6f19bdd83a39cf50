package io.facegate.login.liveness;

import java.security.SecureRandom;
import java.time.Clock;

import org.springframework.context.annotation.Bean;
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

    /** @return memory of recent successful answers */
    @Bean
    public ReplayGuard replayGuard(Clock clock, LivenessRules rules) {
        return new ReplayGuard(clock, rules.duplicateResidual());
    }

    /** @return the engine-backed liveness examination */
    @Bean
    public LivenessGate livenessGate(FrameAnalyzer analyzer, LivenessRules rules) {
        return new LivenessGate(analyzer, new LivenessCheck(rules));
    }
}
