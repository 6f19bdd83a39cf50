package io.facegate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The start-up warnings for several instances on one database. */
class InstancesConfigTest {

    private static FaceGateProperties withSecret(String secret) {
        return new FaceGateProperties("", secret, "", 24, Path.of("labels"), 20,
                new FaceGateProperties.Cleanup(true, Duration.ofHours(1)), new FaceGateProperties.Password(1000),
                new FaceGateProperties.Face(5, 2_000_000, 2, "tiny", 416, 0.5, 80, null, 0.6, 0.3, 0.05, "server", 3, 120, Duration.ofSeconds(2)));
    }

    @Test
    void postgresWithoutSecretKeyOrWithLabelsOnDiskIsWarnedAbout() {
        DatabaseSettings pg = DatabaseUrl.parse("postgres://u:p@db:5432/facegate");
        assertThat(InstancesConfig.multiInstanceWarnings(pg, withSecret(""), "db"))
                .singleElement().asString().contains("SECRET_KEY");
        assertThat(InstancesConfig.multiInstanceWarnings(pg, withSecret("q8Zr2LwXk5Tn9VbM4sHc7JfD"), "fs"))
                .singleElement().asString().contains("LABELS_STORE=db");
        assertThat(InstancesConfig.multiInstanceWarnings(pg, withSecret(" "), "fs")).hasSize(2);
        assertThat(InstancesConfig.multiInstanceWarnings(pg, withSecret("q8Zr2LwXk5Tn9VbM4sHc7JfD"), "db")).isEmpty();
    }

    @Test
    void sqliteIsOneInstanceAndNeedsNoWarning() {
        DatabaseSettings sqlite = DatabaseUrl.parse("sqlite:///data/x.db");
        assertThat(InstancesConfig.multiInstanceWarnings(sqlite, withSecret(""), "fs")).isEmpty();
    }
}
