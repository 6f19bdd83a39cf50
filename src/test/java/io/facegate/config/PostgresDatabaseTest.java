package io.facegate.config;

import io.facegate.support.DatabaseTestBase;
import io.facegate.support.PostgresTestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link DatabaseTestBase} on PostgreSQL, in a fresh schema of the database named by
 * {@code FACEGATE_TEST_POSTGRES_URL} ({@code .ci/run} starts a private server and sets it), with label images in
 * the database ({@code LABELS_STORE=db}).
 */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.ENV, matches = ".+",
        disabledReason = "set FACEGATE_TEST_POSTGRES_URL (as .ci/run does) to run the database tests on PostgreSQL")
class PostgresDatabaseTest extends DatabaseTestBase {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        Path labels = Files.createTempDirectory("facegate-pg-db-test");
        String url = PostgresTestDatabase.freshSchema("dbtest");
        registry.add("facegate.database-url", () -> url);
        registry.add("facegate.labels-dir", labels::toString);
        registry.add("facegate.labels-store", () -> "db");
    }

    @Override
    protected DatabaseSettings.Kind expectedKind() {
        return DatabaseSettings.Kind.POSTGRESQL;
    }
}
