package io.facegate.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facegate.FaceGateApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

class StartupFailureTest {

    @Test
    void aGarbageDatabaseUrlStopsStartUpWithItsMessage() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(FaceGateApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off");
        // Command-line arguments outrank application.properties, as the DATABASE_URL variable does.
        assertThatThrownBy(() -> app.run("--facegate.database-url=mysql://u:secret@h/db",
                        "--facegate.cleanup.enabled=false"))
                // Thrown by EarlySettingsCheck itself, before any bean (and so not wrapped in a bean failure).
                .isInstanceOf(InvalidDatabaseUrlException.class)
                .hasMessageContaining("is not a database URL FaceGate understands")
                .hasMessageNotContaining("secret");
    }
}
