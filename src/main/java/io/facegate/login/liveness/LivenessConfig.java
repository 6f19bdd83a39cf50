package io.facegate.login.liveness;

import java.security.SecureRandom;
import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.facegate.face.FrameAnalyzer;

/**
 * The liveness challenge's beans. {@code facegate.liveness} ({@code LIVENESS}): {@code active} (default) makes
 * face login answer a challenge; {@code off} keeps single-frame face login, for kiosks with their own
 * presentation-attack detection.
 */
@Configuration(proxyBeanMethods = false)
public class LivenessConfig {

    /**
     * @param mode {@code facegate.liveness}
     * @return whether face login needs a challenge
     * @throws IllegalArgumentException for any other value than {@code active} / {@code off}
     */
    @Bean
    public LivenessMode livenessMode(@Value("${facegate.liveness:active}") String mode) {
        return LivenessMode.parse(mode);
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
