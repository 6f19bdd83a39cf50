package io.facegate.config;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Application-wide beans: settings and the clock. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FaceGateProperties.class)
public class AppConfig {

    /** @return UTC wall clock; every timestamp FaceGate stores or compares comes from it */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
