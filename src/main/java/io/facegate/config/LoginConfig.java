package io.facegate.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reads {@link LoginSettings} ({@code facegate.liveness}, {@code facegate.face.mode}). */
@Configuration(proxyBeanMethods = false)
public class LoginConfig {

    /**
     * @param liveness {@code facegate.liveness}, default {@code active}
     * @param faceMode {@code facegate.face.mode}, default {@code alternative}
     * @return the settings; a wrong value stops start-up with a message naming it
     */
    @Bean
    LoginSettings loginSettings(@Value("${facegate.liveness:active}") String liveness,
                                @Value("${facegate.face.mode:alternative}") String faceMode) {
        return LoginSettings.parse(liveness, faceMode);
    }
}
