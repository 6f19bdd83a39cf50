package io.facegate.ops;

import io.facegate.face.FaceEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code models} component of {@code /actuator/health}: UP when the face engine (its four networks) is loaded,
 * DOWN when it is not, so a load balancer stops sending face logins to an instance that cannot answer them.
 */
@Component("models")
public class ModelsHealthIndicator implements HealthIndicator {

    private final ObjectProvider<FaceEngine> engine;

    /** @param engine the face engine, if this instance has one */
    public ModelsHealthIndicator(ObjectProvider<FaceEngine> engine) {
        this.engine = engine;
    }

    @Override
    public Health health() {
        FaceEngine loaded = engine.getIfAvailable();
        if (loaded == null) {
            return Health.down().withDetail("engine", "not loaded").build();
        }
        return Health.up().withDetail("pipeline", loaded.pipelineVersion()).build();
    }
}
