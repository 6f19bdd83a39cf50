package io.facegate.config;

import io.facegate.support.DatabaseTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link DatabaseTestBase} on a SQLite file in a fresh temporary folder. */
class SqliteDatabaseTest extends DatabaseTestBase {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("facegate-sqlite-db-test");
        registry.add("facegate.database-url", () -> "sqlite:///" + root.resolve("facegate.db"));
        registry.add("facegate.labels-dir", () -> root.resolve("labels").toString());
    }

    @Override
    protected DatabaseSettings.Kind expectedKind() {
        return DatabaseSettings.Kind.SQLITE;
    }
}
